#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

// The PHI check: finds text that looks like a patient identifier in what staff
// write (posts, replies, shared resources, group descriptions, requests), so
// the writer can rephrase before it is saved. It is a nudge, not a guarantee:
// it looks for the common shapes of identifiers listed in PhiKind and accepts
// that it will miss some and flag a few ordinary sentences. Precision and
// recall are measured against tests/unit/safety/phi_corpus.tsv.
//
// Nothing here logs, stores or copies the text beyond the call.
namespace hearth::safety {

enum class PhiKind {
  // Medical record, account or encounter numbers: digits after "MRN", "acct",
  // "encounter", "FIN", "chart"…; any run of 7+ digits with no other shape;
  // words matching the site's patterns.
  kRecordNumber,
  // Dates of birth, admission or discharge dates: a date near "DOB", "born",
  // "admitted", "discharged" or a patient word. Other dates (meetings,
  // schedules) and the writer's own family ("my son was born…") pass.
  kDateOfBirth,
  // "bed 12", "rm 4B", "room 512", "bay 3", and "in 12" next to clinical
  // words. Unit names ("unit 4B"), meeting rooms and counts pass.
  kRoomOrBed,
  // North American and international phone numbers. Three-digit hotlines
  // (988), extensions (x4357), toll-free numbers and numbers introduced as a
  // service's ("the EAP line is…") pass.
  kPhoneNumber,
  kSocialSecurityNumber,  // 123-45-6789, or digits after "SSN" / "social"
  kEmailAddress,          // addresses outside the staff e-mail domains
  // A name next to clinical words ("Mr. Jones in 12 with sepsis", "Mrs
  // Patel's chemo", "patient John Smith"). "Dr." names are staff and pass.
  kPatientName,
};

// A stable text form ("record_number") for the CLI and tests.
std::string_view to_text(PhiKind kind);
// A short label for people ("Record or account number").
std::string_view label(PhiKind kind);
// A sentence or two in plain words: why this kind was flagged and how to
// rephrase. Shown to the writer; calm, never alarming.
std::string_view explanation(PhiKind kind);

// One thing that looks like an identifier: bytes [begin, end) of the checked
// UTF-8 text. `begin` and `end` always fall on code point boundaries.
struct PhiFinding {
  PhiKind kind;
  std::size_t begin = 0;
  std::size_t end = 0;
};

struct PhiCheckerOptions {
  // The site's own record and account number shapes, as ECMAScript regular
  // expressions matched against whole words (a run of letters, digits and
  // '-'), e.g. "[Mm][0-9]{7}" or "ACC-[0-9]{6}". A word that matches is flagged
  // wherever it appears. Only words of at most 64 bytes that contain a digit
  // are tried (a record number without a digit is not a record number).
  // Empty: only the built-in rules.
  std::vector<std::string> record_number_patterns;
  // E-mail domains of staff ("riverside-general.example"); addresses in these
  // domains and their subdomains are not flagged.
  std::vector<std::string> staff_email_domains;
};

// Immutable after construction; check() is safe to call from any thread.
class PhiChecker {
 public:
  // Throws hearth::Error (kBadRequest) naming the pattern when one of
  // `options.record_number_patterns` is not a valid regular expression.
  explicit PhiChecker(PhiCheckerOptions options = {});

  // Findings in text order, not overlapping. Text that is not valid UTF-8 is
  // checked byte-wise (callers reject it earlier). Linear in the length of
  // the text for the built-in rules; the site's patterns run per word and
  // words longer than 64 bytes are skipped.
  std::vector<PhiFinding> check(std::string_view text) const;

 private:
  struct Compiled;
  std::shared_ptr<const Compiled> compiled_;
  PhiCheckerOptions options_;
};

}  // namespace hearth::safety
