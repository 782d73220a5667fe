#include "safety/phi_check.h"

#include <catch2/catch.hpp>
#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/error.h"

namespace hearth::safety {
namespace {

constexpr PhiKind kAllKinds[] = {
    PhiKind::kRecordNumber,         PhiKind::kDateOfBirth,  PhiKind::kRoomOrBed,  PhiKind::kPhoneNumber,
    PhiKind::kSocialSecurityNumber, PhiKind::kEmailAddress, PhiKind::kPatientName};

PhiChecker sample_site_checker() {
  PhiCheckerOptions options;
  options.record_number_patterns = {"[Mm][0-9]{7}"};
  options.staff_email_domains = {"riverside-general.example"};
  return PhiChecker(options);
}

// Findings as "kind=text", readable in failure messages.
std::vector<std::string> describe(const PhiChecker& checker, std::string_view text) {
  std::vector<std::string> out;
  for (const auto& finding : checker.check(text)) {
    out.push_back(std::string(to_text(finding.kind)) + "=" +
                  std::string(text.substr(finding.begin, finding.end - finding.begin)));
  }
  return out;
}

using Found = std::vector<std::string>;

bool is_continuation_byte(std::string_view text, std::size_t offset) {
  return offset < text.size() && (static_cast<unsigned char>(text[offset]) & 0xC0) == 0x80;
}

// Every finding is inside the text, in order, not overlapping, and starts and
// ends on code point boundaries. Returns the first problem, or "" when none.
std::string problem_with(std::string_view text, const std::vector<PhiFinding>& findings) {
  std::size_t previous_end = 0;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    const PhiFinding& finding = findings[i];
    const std::string where = "finding " + std::to_string(i) + " [" + std::to_string(finding.begin) + ", " +
                              std::to_string(finding.end) + ")";
    if (finding.begin >= finding.end) return where + " is empty";
    if (finding.end > text.size()) return where + " ends after the text";
    if (finding.begin < previous_end) return where + " overlaps or precedes the one before";
    if (is_continuation_byte(text, finding.begin) || is_continuation_byte(text, finding.end)) {
      return where + " splits a code point";
    }
    previous_end = finding.end;
  }
  return "";
}

void check_well_formed(std::string_view text, const std::vector<PhiFinding>& findings) {
  CHECK(problem_with(text, findings).empty());
}

}  // namespace

TEST_CASE("every kind has a stable name, a label and an explanation", "[safety][phi]") {
  std::set<std::string_view> names;
  for (const auto kind : kAllKinds) {
    INFO(to_text(kind));
    CHECK_FALSE(to_text(kind).empty());
    CHECK(names.insert(to_text(kind)).second);
    CHECK(label(kind).size() > 3);
    CHECK(explanation(kind).size() > 30);
    CHECK(explanation(kind).back() == '.');
  }
  CHECK(to_text(PhiKind::kRecordNumber) == "record_number");
  CHECK(to_text(PhiKind::kSocialSecurityNumber) == "social_security_number");
  CHECK(label(PhiKind::kRoomOrBed) == "Room or bed number");
}

TEST_CASE("empty and blank text have no findings", "[safety][phi]") {
  const PhiChecker checker = sample_site_checker();
  CHECK(checker.check("").empty());
  CHECK(checker.check("   \n\t ").empty());
  CHECK(PhiChecker().check("").empty());
}

TEST_CASE("findings carry the exact byte range", "[safety][phi]") {
  const PhiChecker checker = sample_site_checker();

  SECTION("record number after a keyword") {
    const auto findings = checker.check("MRN 4482917 again");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].kind == PhiKind::kRecordNumber);
    CHECK(findings[0].begin == 4);
    CHECK(findings[0].end == 11);
  }
  SECTION("date of birth") {
    const auto findings = checker.check("DOB 3/14/1962, same as my mom");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].kind == PhiKind::kDateOfBirth);
    CHECK(findings[0].begin == 4);
    CHECK(findings[0].end == 13);
  }
  SECTION("room: the keyword and the number") {
    const auto findings = checker.check("rm 4B again");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].kind == PhiKind::kRoomOrBed);
    CHECK(findings[0].begin == 0);
    CHECK(findings[0].end == 5);
  }
  SECTION("phone number with its parentheses") {
    const auto findings = checker.check("call (555) 304-1192.");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].kind == PhiKind::kPhoneNumber);
    CHECK(findings[0].begin == 5);
    CHECK(findings[0].end == 19);
  }
  SECTION("Social Security number") {
    const auto findings = checker.check("SSN: 412-55-7819");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].kind == PhiKind::kSocialSecurityNumber);
    CHECK(findings[0].begin == 5);
    CHECK(findings[0].end == 16);
  }
  SECTION("e-mail address without the sentence's full stop") {
    const auto findings = checker.check("Write to karen.ellis@example.com.");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].kind == PhiKind::kEmailAddress);
    CHECK(findings[0].begin == 9);
    CHECK(findings[0].end == 32);
  }
  SECTION("name without the possessive") {
    const auto findings = checker.check("Mrs Patel's chemo got pushed");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].kind == PhiKind::kPatientName);
    CHECK(findings[0].begin == 0);
    CHECK(findings[0].end == 9);
  }
}

TEST_CASE("record and account numbers", "[safety][phi]") {
  const PhiChecker checker = sample_site_checker();
  CHECK(describe(checker, "MRN: 4482917") == Found{"record_number=4482917"});
  CHECK(describe(checker, "acct# 7730215") == Found{"record_number=7730215"});
  CHECK(describe(checker, "account number 22-418807") == Found{"record_number=22-418807"});
  CHECK(describe(checker, "encounter number was 4471023") == Found{"record_number=4471023"});
  CHECK(describe(checker, "FIN 5521983") == Found{"record_number=5521983"});
  CHECK(describe(checker, "chart #55817") == Found{"record_number=55817"});
  CHECK(describe(checker, "MR# 889123") == Found{"record_number=889123"});
  CHECK(describe(checker, "MRN4482917") == Found{"record_number=MRN4482917"});
  CHECK(describe(checker, "MRN A1234567") == Found{"record_number=A1234567"});
  CHECK(describe(checker, "patient ID 44812") == Found{"record_number=44812"});
  // A long digit run on its own.
  CHECK(describe(checker, "I wrote 60019234 on my hand") == Found{"record_number=60019234"});
  // Not records: years, short numbers, money, badge ids.
  CHECK(describe(checker, "broke the record in 2019").empty());
  CHECK(describe(checker, "a record 14 admits in one night").empty());
  CHECK(describe(checker, "the chart from 2019").empty());
  CHECK(describe(checker, "we raised $1500000 for the new wing").empty());
  CHECK(describe(checker, "my badge ID 40213 stopped working").empty());
}

TEST_CASE("dates of birth and admission dates near patient words", "[safety][phi]") {
  const PhiChecker checker = sample_site_checker();
  CHECK(describe(checker, "DOB 3/14/1962") == Found{"date_of_birth=3/14/1962"});
  CHECK(describe(checker, "born 03/14/62") == Found{"date_of_birth=03/14/62"});
  CHECK(describe(checker, "admitted 11/02") == Found{"date_of_birth=11/02"});
  CHECK(describe(checker, "pt admitted on Nov 2") == Found{"date_of_birth=Nov 2"});
  CHECK(describe(checker, "D.O.B. 10/30/1988") == Found{"date_of_birth=10/30/1988"});
  CHECK(describe(checker, "discharged 2024-02-11") == Found{"date_of_birth=2024-02-11"});
  CHECK(describe(checker, "born February 9, 1947") == Found{"date_of_birth=February 9, 1947"});
  CHECK(describe(checker, "admitted on the 3rd of March") == Found{"date_of_birth=3rd of March"});
  CHECK(describe(checker, "the pt from 10/3 passed") == Found{"date_of_birth=10/3"});
  // Dates without patient words are meetings and schedules.
  CHECK(describe(checker, "see you Tue 11/24").empty());
  CHECK(describe(checker, "the memorial is on 10/14 at 3 p.m.").empty());
  CHECK(describe(checker, "starts on March 4").empty());
  // Fractions, scores and blood pressures are not dates.
  CHECK(describe(checker, "3/4 of my patients were fall risks").empty());
  CHECK(describe(checker, "the patient rated her pain 8/10").empty());
  CHECK(describe(checker, "my BP was 150/95").empty());
  CHECK(describe(checker, "I work 24/7 with patients").empty());
  // The writer's own family.
  CHECK(describe(checker, "My son was born 6/2/2018").empty());
  CHECK(describe(checker, "My twins were born in 2016").empty());
  // "may" and "march" are verbs in lower case.
  CHECK(describe(checker, "the patient may 2 weeks from now go home").empty());
}

TEST_CASE("room and bed numbers", "[safety][phi]") {
  const PhiChecker checker = sample_site_checker();
  CHECK(describe(checker, "bed 12") == Found{"room_or_bed=bed 12"});
  CHECK(describe(checker, "rm 4B") == Found{"room_or_bed=rm 4B"});
  CHECK(describe(checker, "room 512") == Found{"room_or_bed=room 512"});
  CHECK(describe(checker, "bay 3") == Found{"room_or_bed=bay 3"});
  CHECK(describe(checker, "room #618") == Found{"room_or_bed=room #618"});
  CHECK(describe(checker, "Bed 22A's family") == Found{"room_or_bed=Bed 22A"});
  CHECK(describe(checker, "hall bed 4 and bed 6") == Found{"room_or_bed=bed 4", "room_or_bed=bed 6"});
  CHECK(describe(checker, "the patient in 14 was my son's age") == Found{"room_or_bed=14"});
  // Unit names, meeting rooms, counts and times.
  CHECK(describe(checker, "I work on unit 4B").empty());
  CHECK(describe(checker, "I moved from 4B step-down").empty());
  CHECK(describe(checker, "Conference Room 2 at noon").empty());
  CHECK(describe(checker, "Our group meets in Room 2104 of the Education Center").empty());
  CHECK(describe(checker, "I went to bed 2 hours after my shift").empty());
  CHECK(describe(checker, "Room for 2 more in Thursday's session!").empty());
  CHECK(describe(checker, "Rooms 401-410 are being renovated").empty());
  CHECK(describe(checker, "a 24-bed unit with 32 beds").empty());
  CHECK(describe(checker, "I've been in 12 different hospitals").empty());
  CHECK(describe(checker, "12 years in the ICU").empty());
}

TEST_CASE("phone numbers", "[safety][phi]") {
  const PhiChecker checker = sample_site_checker();
  CHECK(describe(checker, "555-213-8874") == Found{"phone_number=555-213-8874"});
  CHECK(describe(checker, "555.771.2093") == Found{"phone_number=555.771.2093"});
  CHECK(describe(checker, "555 648 2210") == Found{"phone_number=555 648 2210"});
  CHECK(describe(checker, "1-555-402-7788") == Found{"phone_number=1-555-402-7788"});
  CHECK(describe(checker, "+1 (555) 220-4118") == Found{"phone_number=+1 (555) 220-4118"});
  CHECK(describe(checker, "5553019846") == Found{"phone_number=5553019846"});
  CHECK(describe(checker, "a note with 555-4187") == Found{"phone_number=555-4187"});
  CHECK(describe(checker, "+44 20 7946 0321") == Found{"phone_number=+44 20 7946 0321"});
  // Hotlines, toll-free lines, extensions, services and quantities.
  CHECK(describe(checker, "988 is there 24/7").empty());
  CHECK(describe(checker, "the EAP is at x4357").empty());
  CHECK(describe(checker, "call 1-800-555-0199 any time").empty());
  CHECK(describe(checker, "Peer support line: 555-0142").empty());
  CHECK(describe(checker, "the chaplain's pager is 555-1000").empty());
  CHECK(describe(checker, "dosing is 250-1000 mg").empty());
  CHECK(describe(checker, "Worked 19:00-07:30 four nights").empty());
  CHECK(describe(checker, "0700-1930 again").empty());
}

TEST_CASE("Social Security numbers", "[safety][phi]") {
  const PhiChecker checker = sample_site_checker();
  CHECK(describe(checker, "412-55-7819") == Found{"social_security_number=412-55-7819"});
  CHECK(describe(checker, "SSN 601 22 8417") == Found{"social_security_number=601 22 8417"});
  CHECK(describe(checker, "SSN 287991043") == Found{"social_security_number=287991043"});
  CHECK(describe(checker, "the last four of her social, 7712") == Found{"social_security_number=7712"});
  CHECK(describe(checker, "the social hour is at 1700").empty());
}

TEST_CASE("e-mail addresses outside the staff domains", "[safety][phi]") {
  PhiCheckerOptions options;
  options.staff_email_domains = {"riverside-general.example", "@Clinic.Example."};
  const PhiChecker checker(options);
  CHECK(describe(checker, "karen.ellis@example.com") == Found{"email_address=karen.ellis@example.com"});
  CHECK(describe(checker, "priya.sharma@riverside-general.example").empty());
  CHECK(describe(checker, "PRIYA@RIVERSIDE-GENERAL.EXAMPLE").empty());
  CHECK(describe(checker, "t.nguyen@peds.riverside-general.example").empty());
  CHECK(describe(checker, "front.desk@clinic.example").empty());  // configured as "@Clinic.Example."
  // Look-alikes are not staff domains.
  CHECK(describe(checker, "x@evil-riverside-general.example") ==
        Found{"email_address=x@evil-riverside-general.example"});
  CHECK(describe(checker, "x@riverside-general.example.com") ==
        Found{"email_address=x@riverside-general.example.com"});
  // Without configured domains every address is flagged.
  CHECK(describe(PhiChecker(), "priya.sharma@riverside-general.example") ==
        Found{"email_address=priya.sharma@riverside-general.example"});
  // Not addresses.
  CHECK(describe(checker, "@Sarah thanks for covering").empty());
  CHECK(describe(checker, "meet @ 7").empty());
  CHECK(describe(checker, "a@b").empty());
  // The digits of an address are not read as a record number.
  CHECK(describe(checker, "dmorrow1234567@example.net") == Found{"email_address=dmorrow1234567@example.net"});
}

TEST_CASE("names next to clinical words", "[safety][phi]") {
  const PhiChecker checker = sample_site_checker();
  CHECK(describe(checker, "Mr. Jones in 12 with sepsis") ==
        Found{"patient_name=Mr. Jones", "room_or_bed=12"});
  CHECK(describe(checker, "Mrs Patel's chemo") == Found{"patient_name=Mrs Patel"});
  CHECK(describe(checker, "patient John Smith") == Found{"patient_name=John Smith"});
  CHECK(describe(checker, "The pt, Dorothy Reyes, wanted to go home") == Found{"patient_name=Dorothy Reyes"});
  CHECK(describe(checker, "Samuel Ortiz coded twice") == Found{"patient_name=Samuel Ortiz"});
  CHECK(describe(checker, "Grace Whitfield was admitted again") == Found{"patient_name=Grace Whitfield"});
  CHECK(describe(checker, "mr hawkins was so combative") == Found{"patient_name=mr hawkins"});
  CHECK(describe(checker, "Mr. Haddad's wife held my hand") == Found{"patient_name=Mr. Haddad"});
  // Staff, people outside the hospital, departments.
  CHECK(describe(checker, "Dr. Smith's talk on burnout was great").empty());
  CHECK(describe(checker, "Dr. Patel coded the patient with me").empty());
  CHECK(describe(checker, "Mrs. Garcia from HR was so kind").empty());
  CHECK(describe(checker, "Jenna Park's retirement party is Friday").empty());
  CHECK(describe(checker, "Patient Relations called me about a complaint").empty());
  CHECK(describe(checker, "Patient Safety Week starts Monday").empty());
  CHECK(describe(checker, "be patient with yourself").empty());
  CHECK(describe(checker, "the patient, but I'm struggling").empty());
  CHECK(describe(checker, "PT came by to walk him").empty());
  CHECK(describe(checker, "my patient Tuesday night was lovely").empty());
  CHECK(describe(checker, "the pt with ms was lovely").empty());
}

TEST_CASE("ordinary peer-support talk passes", "[safety][phi]") {
  const PhiChecker checker = sample_site_checker();
  const char* const sentences[] = {
      "I work the 7 a.m. shift",
      "0700 comes too fast",
      "Worked 19:00-07:30 again",
      "3 12s in a row",
      "a 40 mg dose",
      "2 x 500mg",
      "12 years in the ICU",
      "Anyone from 5 West?",
      "My kids are 4 and 7",
      "I've been a nurse since 2019",
      "Dr. Smith's talk on burnout",
      "see you Tue 11/24",
      "988 is there for you",
      "the EAP is at x4357",
      "85% of us",
      "1 in 3 nurses",
      "Our team logged 48,000 steps",
      "$1,200 out of pocket",
      "the 4-7-8 breathing thing",
      "the 5-4-3-2-1 grounding exercise",
      "My 401(k) is why I stay",
      "I switched to 0.8 FTE",
      "Code blue at 0200",
  };
  for (const char* sentence : sentences) {
    INFO(sentence);
    CHECK(describe(checker, sentence).empty());
  }
}

TEST_CASE("site record number patterns", "[safety][phi]") {
  SECTION("a word that matches is flagged wherever it appears") {
    const PhiChecker checker = sample_site_checker();
    CHECK(describe(checker, "Pulled up M2298471 on my break") == Found{"record_number=M2298471"});
    CHECK(describe(checker, "m2298471") == Found{"record_number=m2298471"});
    CHECK(describe(checker, "M0091823 and M0091824") ==
          Found{"record_number=M0091823", "record_number=M0091824"});
    // Whole words only.
    CHECK(describe(checker, "XM2298471").empty());
    CHECK(describe(checker, "M22984719").empty());
  }
  SECTION("without the pattern the same word passes") {
    CHECK(describe(PhiChecker(), "Pulled up M2298471 on my break").empty());
  }
  SECTION("patterns may hold hyphens") {
    PhiCheckerOptions options;
    options.record_number_patterns = {"ACC-[0-9]{6}"};
    const PhiChecker checker(options);
    CHECK(describe(checker, "see ACC-123456 today") == Found{"record_number=ACC-123456"});
    CHECK(describe(checker, "see ACC-12345 today").empty());
  }
  SECTION("an invalid pattern is a bad request naming the pattern") {
    PhiCheckerOptions options;
    options.record_number_patterns = {"[Mm][0-9]{7}", "ACC-([0-9]{6}"};
    try {
      PhiChecker checker(options);
      FAIL("an invalid pattern was accepted");
    } catch (const Error& error) {
      CHECK(error.kind() == ErrorKind::kBadRequest);
      CHECK(error.user_message().find("ACC-([0-9]{6}") != std::string::npos);
    }
  }
  SECTION("an empty pattern is a bad request") {
    PhiCheckerOptions options;
    options.record_number_patterns = {""};
    CHECK_THROWS_AS(PhiChecker(options), Error);
  }
}

TEST_CASE("non-ASCII text keeps offsets on code point boundaries", "[safety][phi]") {
  const PhiChecker checker = sample_site_checker();
  CHECK(describe(checker, "Ms. Nguyễn's family brought pho after her discharge") ==
        Found{"patient_name=Ms. Nguyễn"});
  CHECK(describe(checker, "Mrs. Wiśniewski was so confused tonight") ==
        Found{"patient_name=Mrs. Wiśniewski"});
  CHECK(describe(checker, "Mr O’Brien coded at 0300") == Found{"patient_name=Mr O’Brien"});
  CHECK(describe(checker, "Łukasz Zieliński was admitted again") == Found{"patient_name=Łukasz Zieliński"});
  CHECK(describe(checker, "Mrs. Øvergård’s chemo — bed 4 — “DOB 3/3/1950”") ==
        Found{"patient_name=Mrs. Øvergård", "room_or_bed=bed 4", "date_of_birth=3/3/1950"});
  CHECK(describe(checker, "😢 the family called from 555-213-8874 💔") == Found{"phone_number=555-213-8874"});
  CHECK(describe(checker, "Zoë’s café is 5 minutes from the ICU").empty());

  const std::string texts[] = {
      "Ms. Nguyễn's family brought pho after her discharge",
      "naïve question: is 555‑213‑8874 a phone number?",  // non-breaking hyphens
      "über 4 Ärzte in Zimmer 12, bed 12 with the café",
      "日本語のテキスト bed 7 と 555-213-8874",
      "Ελληνικά Mr. Παπαδόπουλος with sepsis",
  };
  for (const auto& text : texts) {
    INFO(text);
    check_well_formed(text, checker.check(text));
  }
}

TEST_CASE("invalid UTF-8 is checked byte-wise without crashing", "[safety][phi]") {
  const PhiChecker checker = sample_site_checker();
  std::string text = "bed 12 \xC3 \xFF\xFE MRN 4482917 \xE2\x80 Mr. Jones\xF0\x9F with sepsis \xED\xA0\x80";
  const auto findings = checker.check(text);
  check_well_formed(text, findings);
  CHECK(findings.size() >= 2);
  std::string truncated = "room 512 \xE2";
  check_well_formed(truncated, checker.check(truncated));
}

TEST_CASE("findings are in order and do not overlap", "[safety][phi]") {
  const PhiChecker checker = sample_site_checker();
  const std::string text =
      "DOB 5/2/1971, MRN 3310297, bed 8, Mrs. Hale in room 14 gave me her son's number 555-771-0249 and "
      "karen@example.com; SSN 412-55-7819; M2298471 (M2298471) pt John Smith was admitted 11/02 rm 4B";
  const auto findings = checker.check(text);
  check_well_formed(text, findings);
  std::set<PhiKind> kinds;
  for (const auto& finding : findings) kinds.insert(finding.kind);
  CHECK(kinds.size() == 7);
  CHECK(findings.size() >= 12);
}

TEST_CASE("large adversarial inputs finish", "[safety][phi]") {
  const PhiChecker checker = sample_site_checker();
  constexpr std::size_t kSize = 100 * 1024;
  const auto repeat = [](std::string_view unit) {
    std::string text;
    while (text.size() < kSize) text += unit;
    return text;
  };
  const std::string inputs[] = {
      repeat("1-"),
      repeat("1/"),
      repeat("1 "),
      repeat("12-34-"),
      repeat("555-"),
      repeat("bed "),
      repeat("bed 1 "),
      repeat("Mr. "),
      repeat("Mr. Jones in 12 with sepsis "),
      repeat("patient John "),
      repeat("in 12 "),
      repeat("a@"),
      repeat("a.b@c.d"),
      repeat("+"),
      repeat("+1 "),
      repeat("(555) "),
      repeat("M1234567 "),
      repeat("Nov 2 "),
      repeat("DOB "),
      repeat("’"),
      repeat("ễ"),
      repeat("-"),
      repeat("'s "),
      std::string(kSize, '7'),
      std::string(kSize, 'a'),
      std::string(kSize, '.'),
      std::string(kSize, '\xFF'),
  };
  for (const auto& text : inputs) {
    INFO(text.substr(0, 20));
    const auto findings = checker.check(text);
    check_well_formed(text, findings);
  }
}

TEST_CASE("check may run from several threads at once", "[safety][phi]") {
  const PhiChecker checker = sample_site_checker();
  const std::string text = "Mr. Jones in 12 with sepsis, MRN 4482917, M2298471, call 555-213-8874";
  const auto expected = checker.check(text).size();
  std::vector<std::size_t> counts(4, 0);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < counts.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) counts[t] += checker.check(text).size();
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto count : counts) CHECK(count == expected * 200);
}

}  // namespace hearth::safety
