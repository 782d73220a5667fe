#include <catch2/catch.hpp>
#include <cstddef>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "safety/phi_check.h"

// Measures the PHI check against tests/unit/safety/phi_corpus.tsv, a labelled
// set of sentences written the way staff write in peer-support groups. A
// sentence labelled phi counts as detected when the check finds anything in
// it; a sentence labelled ok must come back with no findings.
namespace hearth::safety {
namespace {

constexpr double kMinimumRecall = 0.95;
constexpr double kMinimumPrecision = 0.90;
// Not part of the bar, but a rule that stops working for one kind
// should fail loudly rather than hide in the sentence-level figure.
constexpr double kMinimumPerKindDetection = 0.80;

constexpr PhiKind kAllKinds[] = {
    PhiKind::kRecordNumber,         PhiKind::kDateOfBirth,  PhiKind::kRoomOrBed,  PhiKind::kPhoneNumber,
    PhiKind::kSocialSecurityNumber, PhiKind::kEmailAddress, PhiKind::kPatientName};

struct LabelledSentence {
  std::size_t line = 0;
  std::set<std::string> kinds;  // empty: "ok"
  std::string sentence;
};

std::vector<LabelledSentence> load_corpus() {
  const std::string path = std::string(HEARTH_SOURCE_DIR) + "/tests/unit/safety/phi_corpus.tsv";
  std::ifstream in(path);
  INFO("corpus: " << path);
  REQUIRE(in.good());
  std::set<std::string> known;
  for (const auto kind : kAllKinds) known.insert(std::string(to_text(kind)));

  std::vector<LabelledSentence> corpus;
  std::string text;
  std::size_t line_number = 0;
  while (std::getline(in, text)) {
    ++line_number;
    if (text.empty() || text[0] == '#') continue;
    const std::size_t tab = text.find('\t');
    INFO("line " << line_number << ": " << text);
    REQUIRE(tab != std::string::npos);
    LabelledSentence entry;
    entry.line = line_number;
    entry.sentence = text.substr(tab + 1);
    REQUIRE(!entry.sentence.empty());
    REQUIRE(entry.sentence.find('\t') == std::string::npos);
    const std::string label = text.substr(0, tab);
    if (label != "ok") {
      REQUIRE(label.rfind("phi:", 0) == 0);
      std::stringstream kinds(label.substr(4));
      std::string kind;
      while (std::getline(kinds, kind, ',')) {
        INFO("kind: " << kind);
        REQUIRE(known.count(kind) == 1);
        entry.kinds.insert(kind);
      }
      REQUIRE(!entry.kinds.empty());
    }
    corpus.push_back(std::move(entry));
  }
  return corpus;
}

// The sample site of the corpus header.
PhiChecker sample_site_checker() {
  PhiCheckerOptions options;
  options.record_number_patterns = {"[Mm][0-9]{7}"};
  options.staff_email_domains = {"riverside-general.example"};
  return PhiChecker(options);
}

std::string describe(const LabelledSentence& entry, const std::vector<PhiFinding>& findings) {
  std::ostringstream out;
  out << "  line " << entry.line << ": " << entry.sentence << "\n    expected: ";
  if (entry.kinds.empty()) out << "ok";
  for (const auto& kind : entry.kinds) out << kind << ' ';
  out << "\n    found:";
  if (findings.empty()) out << " nothing";
  for (const auto& finding : findings) {
    out << ' ' << to_text(finding.kind) << "=\""
        << std::string_view(entry.sentence).substr(finding.begin, finding.end - finding.begin) << '"';
  }
  out << '\n';
  return out.str();
}

}  // namespace

TEST_CASE("the PHI corpus is large, balanced and covers every kind", "[safety][phi][corpus]") {
  const auto corpus = load_corpus();
  CHECK(corpus.size() >= 220);
  std::size_t phi = 0;
  std::map<std::string, int> per_kind;
  std::set<std::string> sentences;
  for (const auto& entry : corpus) {
    if (!entry.kinds.empty()) ++phi;
    for (const auto& kind : entry.kinds) ++per_kind[kind];
    INFO("duplicate at line " << entry.line);
    CHECK(sentences.insert(entry.sentence).second);
  }
  const double phi_share = static_cast<double>(phi) / static_cast<double>(corpus.size());
  CHECK(phi_share > 0.4);
  CHECK(phi_share < 0.6);
  for (const auto kind : kAllKinds) {
    INFO("kind " << to_text(kind));
    CHECK(per_kind[std::string(to_text(kind))] >= 10);
  }
}

TEST_CASE("the PHI check meets its precision and recall on the corpus", "[safety][phi][corpus]") {
  const auto corpus = load_corpus();
  const PhiChecker checker = sample_site_checker();

  std::size_t true_positives = 0;
  std::size_t false_positives = 0;
  std::size_t false_negatives = 0;
  std::size_t true_negatives = 0;
  std::map<std::string, std::pair<int, int>> per_kind;  // kind -> (detected with that kind, labelled)
  std::string missed;
  std::string wrongly_flagged;
  std::string wrong_kind;

  for (const auto& entry : corpus) {
    const auto findings = checker.check(entry.sentence);
    // Findings are well-formed for every sentence: in order, inside the text,
    // not overlapping.
    std::size_t previous_end = 0;
    for (const auto& finding : findings) {
      INFO(describe(entry, findings));
      REQUIRE(finding.begin < finding.end);
      REQUIRE(finding.end <= entry.sentence.size());
      REQUIRE(finding.begin >= previous_end);
      previous_end = finding.end;
    }
    std::set<std::string> found_kinds;
    for (const auto& finding : findings) found_kinds.insert(std::string(to_text(finding.kind)));

    const bool labelled_phi = !entry.kinds.empty();
    const bool flagged = !findings.empty();
    if (labelled_phi && flagged) ++true_positives;
    if (labelled_phi && !flagged) ++false_negatives, missed += describe(entry, findings);
    if (!labelled_phi && flagged) ++false_positives, wrongly_flagged += describe(entry, findings);
    if (!labelled_phi && !flagged) ++true_negatives;

    bool all_kinds = true;
    for (const auto& kind : entry.kinds) {
      auto& [detected, labelled] = per_kind[kind];
      ++labelled;
      if (found_kinds.count(kind) > 0) {
        ++detected;
      } else {
        all_kinds = false;
      }
    }
    if (labelled_phi && flagged && !all_kinds) wrong_kind += describe(entry, findings);
  }

  const double recall =
      static_cast<double>(true_positives) / static_cast<double>(true_positives + false_negatives);
  const double precision =
      static_cast<double>(true_positives) / static_cast<double>(true_positives + false_positives);

  std::ostringstream report;
  report << std::fixed << std::setprecision(3) << "PHI corpus: " << corpus.size() << " sentences, "
         << (true_positives + false_negatives) << " with identifiers, " << (true_negatives + false_positives)
         << " without\n"
         << "  recall " << recall << " (" << true_positives << '/' << (true_positives + false_negatives)
         << ")"
         << ", precision " << precision << " (" << true_positives << '/' << (true_positives + false_positives)
         << ")\n";
  for (const auto kind : kAllKinds) {
    const auto& [detected, labelled] = per_kind[std::string(to_text(kind))];
    report << "  " << std::left << std::setw(24) << to_text(kind) << detected << '/' << labelled << '\n';
  }
  std::cout << report.str();
  if (!missed.empty()) std::cout << "Missed:\n" << missed;
  if (!wrongly_flagged.empty()) std::cout << "Flagged but ordinary:\n" << wrongly_flagged;
  if (!wrong_kind.empty()) std::cout << "Flagged, but not every labelled kind found:\n" << wrong_kind;

  INFO(report.str());
  INFO("Missed:\n" << missed);
  INFO("Flagged but ordinary:\n" << wrongly_flagged);
  CHECK(recall >= kMinimumRecall);
  CHECK(precision >= kMinimumPrecision);
  for (const auto kind : kAllKinds) {
    const auto& [detected, labelled] = per_kind[std::string(to_text(kind))];
    INFO("kind " << to_text(kind) << ": " << detected << '/' << labelled << "\n" << wrong_kind);
    CHECK(static_cast<double>(detected) >= kMinimumPerKindDetection * static_cast<double>(labelled));
  }
}

}  // namespace hearth::safety
