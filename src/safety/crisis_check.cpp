#include "safety/crisis_check.h"

#include <array>
#include <iterator>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

// How the check reads a text:
//   1. normalise: ASCII lower case; apostrophes (straight or curly) dropped, so
//      "can't", "can’t" and "cant" are one word; every other punctuation mark
//      and any run of white space is one word break; . ! ? ; … and line breaks
//      also end a clause; a few spellings are merged ("i am" -> "im",
//      "cannot" -> "cant", "wanna" -> "want to", "my self" -> "myself");
//   2. look for the phrases in kPhrases, word by word, inside one clause;
//   3. let the phrase's rule decide whether it is about the writer: who the
//      subject is, whether it is negated, and what follows it.
// When in doubt the check prefers to show the card: the card is private and
// gentle, and missing someone in crisis costs more than a needless card.
namespace hearth::safety {
namespace {

struct Word {
  std::string text;
  std::size_t clause;
};

bool is_ascii_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

std::vector<Word> split_words(std::string_view text) {
  std::vector<Word> words;
  std::string current;
  std::size_t clause = 0;
  const auto flush = [&] {
    if (!current.empty()) words.push_back({std::move(current), clause});
    current.clear();
  };
  const auto end_clause = [&] {
    flush();
    ++clause;
  };
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (is_ascii_alnum(c)) {
        current.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c));
      } else if (c == '\'' || c == '`') {
        // Dropped: "can't" reads as "cant".
      } else if (c == '.' || c == '!' || c == '?' || c == ';' || c == '\n' || c == '\r') {
        end_clause();
      } else {
        flush();
      }
      ++i;
      continue;
    }
    const std::string_view rest = text.substr(i);
    if (rest.starts_with("\xE2\x80\x99") || rest.starts_with("\xE2\x80\x98")) {  // ’ ‘
      i += 3;
    } else if (rest.starts_with("\xCA\xBC")) {  // ʼ
      i += 2;
    } else if (rest.starts_with("\xE2\x80\xA6")) {  // …
      end_clause();
      i += 3;
    } else if (rest.size() >= 3 && c == 0xE2 && static_cast<unsigned char>(rest[1]) == 0x80) {
      // U+2000..U+203F: spaces, dashes, quotes, bullets.
      flush();
      i += 3;
    } else if (rest.starts_with("\xC2\xA0")) {  // no-break space
      flush();
      i += 2;
    } else {
      current.push_back(static_cast<char>(c));  // other letters, byte by byte
      ++i;
    }
  }
  flush();

  // Merge spellings that mean the same thing.
  std::vector<Word> merged;
  merged.reserve(words.size());
  for (std::size_t k = 0; k < words.size(); ++k) {
    const std::string& word = words[k].text;
    const bool has_next = k + 1 < words.size() && words[k + 1].clause == words[k].clause;
    const std::string_view next = has_next ? std::string_view(words[k + 1].text) : std::string_view();
    const auto emit = [&](std::string_view text_out) {
      merged.push_back({std::string(text_out), words[k].clause});
    };
    static constexpr std::array<std::array<std::string_view, 3>, 14> kPairs = {{
        {"i", "am", "im"},
        {"i", "have", "ive"},
        {"i", "would", "id"},
        {"i", "had", "id"},
        {"i", "will", "ill"},
        {"do", "not", "dont"},
        {"did", "not", "didnt"},
        {"does", "not", "doesnt"},
        {"can", "not", "cant"},
        {"is", "not", "isnt"},
        {"would", "not", "wouldnt"},
        {"was", "not", "wasnt"},
        {"my", "self", "myself"},
        {"any", "more", "anymore"},
    }};
    bool paired = false;
    for (const auto& pair : kPairs) {
      if (word == pair[0] && next == pair[1]) {
        emit(pair[2]);
        ++k;
        paired = true;
        break;
      }
    }
    if (paired) continue;
    if (word == "cannot") {
      emit("cant");
    } else if (word == "wanna") {
      emit("want"), emit("to");
    } else if (word == "gonna") {
      emit("going"), emit("to");
    } else if (word == "selfharm") {
      emit("self"), emit("harm");
    } else if (word == "selfharming") {
      emit("self"), emit("harming");
    } else {
      emit(word);
    }
  }
  return merged;
}

// Who a phrase has to be about before it counts.
enum class Who {
  // The phrase names the writer ("kill myself", "end my life", "better off
  // without me"): counts unless someone else is quoted saying it.
  kWriterNamed,
  // Counts unless the subject is someone else ("he wanted to die", "we can't
  // go on like this with these ratios").
  kWriterUnlessOther,
  // Counts only when the writer is the subject ("I've been suicidal",
  // "thinking about suicide"): these words are everyday clinical talk.
  kWriterOnly,
  // Counts only after a word of intent ("want to hurt myself", "thinking about
  // cutting myself"): "I hurt myself lifting a patient" is an injury.
  kWriterWithIntent,
};

// What may follow a phrase and turn it into something else.
enum class Tail {
  kAnything,
  kHyperbole,  // "want to die laughing", "rather be dead than…", "cutting myself some slack"
  kEffort,     // "killing myself to finish charting", "killing myself with overtime"
  kClinical,   // "suicide risk assessment", "suicidal patient", "self-harm policy"
};

struct CrisisPhrase {
  std::string_view words;  // normalised: lower case, no apostrophes, single spaces
  Who who;
  Tail tail;
};

// The maintained phrase list. Add phrases in their normalised form (see
// split_words); tests/unit/safety/crisis_check_test.cpp checks both ways.
constexpr CrisisPhrase kPhrases[] = {
    // Killing oneself or ending one's life, in the writer's own words. Negated
    // ("I would never kill myself") does not count: we take people at their word.
    {"kill myself", Who::kWriterNamed, Tail::kHyperbole},
    {"killing myself", Who::kWriterNamed, Tail::kEffort},  // "killing myself with doubles" is overwork
    {"end my life", Who::kWriterNamed, Tail::kAnything},
    {"ending my life", Who::kWriterNamed, Tail::kAnything},
    {"end my own life", Who::kWriterNamed, Tail::kAnything},
    {"take my life", Who::kWriterNamed, Tail::kAnything},
    {"take my own life", Who::kWriterNamed, Tail::kAnything},
    {"taking my own life", Who::kWriterNamed, Tail::kAnything},
    {"unalive myself", Who::kWriterNamed, Tail::kAnything},
    {"end it all", Who::kWriterUnlessOther, Tail::kAnything},
    {"ending it all", Who::kWriterUnlessOther, Tail::kAnything},
    {"better off without me", Who::kWriterNamed, Tail::kAnything},
    {"im a burden", Who::kWriterNamed, Tail::kAnything},
    {"burden to everyone", Who::kWriterUnlessOther, Tail::kAnything},

    // Self-harm. "Hurt myself" and "cut myself" are also how staff describe
    // injuries at work, so they need a word of intent before them; "cutting
    // myself" on its own is rarely an accident ("cutting myself some slack" is
    // the hyperbole tail).
    {"hurt myself", Who::kWriterWithIntent, Tail::kHyperbole},
    {"hurting myself", Who::kWriterWithIntent, Tail::kHyperbole},
    {"harm myself", Who::kWriterUnlessOther, Tail::kAnything},
    {"harming myself", Who::kWriterUnlessOther, Tail::kAnything},
    {"cut myself", Who::kWriterWithIntent, Tail::kHyperbole},
    {"cutting myself", Who::kWriterUnlessOther, Tail::kHyperbole},
    {"started cutting again", Who::kWriterUnlessOther, Tail::kAnything},
    {"self harm", Who::kWriterOnly, Tail::kClinical},
    {"self harming", Who::kWriterOnly, Tail::kClinical},

    // Suicide named as the writer's own thought. On its own the word is
    // clinical and training talk ("the patient attempted suicide", "suicide
    // prevention training"), so the writer must be the subject.
    {"suicide", Who::kWriterOnly, Tail::kClinical},
    {"suicidal", Who::kWriterUnlessOther, Tail::kClinical},  // "suicidal thoughts again tonight" counts
    {"suicide note", Who::kWriterOnly, Tail::kAnything},
    {"overdose on purpose", Who::kWriterUnlessOther, Tail::kAnything},
    {"take all my pills", Who::kWriterNamed, Tail::kAnything},

    // Wishing to die or not to be alive. "I want to die laughing" and "I'd
    // rather be dead than work Christmas" are hyperbole and do not count.
    {"want to die", Who::kWriterUnlessOther, Tail::kHyperbole},
    {"wanted to die", Who::kWriterUnlessOther, Tail::kHyperbole},
    {"wanting to die", Who::kWriterUnlessOther, Tail::kHyperbole},
    {"want to be dead", Who::kWriterUnlessOther, Tail::kHyperbole},
    {"wish i was dead", Who::kWriterNamed, Tail::kHyperbole},
    {"wish i were dead", Who::kWriterNamed, Tail::kHyperbole},
    {"wish i could die", Who::kWriterNamed, Tail::kHyperbole},
    {"wish i wasnt alive", Who::kWriterNamed, Tail::kAnything},
    {"wish i was never born", Who::kWriterNamed, Tail::kAnything},
    {"wish i had never been born", Who::kWriterNamed, Tail::kAnything},
    {"better off dead", Who::kWriterUnlessOther, Tail::kHyperbole},
    {"rather be dead", Who::kWriterUnlessOther, Tail::kHyperbole},
    {"dont want to live", Who::kWriterUnlessOther, Tail::kAnything},
    {"dont want to be alive", Who::kWriterUnlessOther, Tail::kAnything},
    {"dont want to be here anymore", Who::kWriterUnlessOther, Tail::kAnything},
    {"dont want to exist", Who::kWriterUnlessOther, Tail::kAnything},
    {"dont want to wake up", Who::kWriterUnlessOther, Tail::kAnything},
    {"hope i dont wake up", Who::kWriterNamed, Tail::kAnything},
    {"never wake up", Who::kWriterUnlessOther, Tail::kAnything},
    {"tired of being alive", Who::kWriterUnlessOther, Tail::kAnything},
    {"tired of living", Who::kWriterUnlessOther, Tail::kAnything},
    {"done with life", Who::kWriterUnlessOther, Tail::kAnything},
    {"done with living", Who::kWriterUnlessOther, Tail::kAnything},
    {"give up on life", Who::kWriterUnlessOther, Tail::kAnything},
    {"giving up on life", Who::kWriterUnlessOther, Tail::kAnything},
    {"disappear forever", Who::kWriterUnlessOther, Tail::kAnything},

    // No reason to go on. "I can't do this anymore" and "I can't take it
    // anymore" are left out on purpose: in a burnout group they are said about
    // the job many times a day, and the "Get help now" link is always there.
    {"no reason to live", Who::kWriterUnlessOther, Tail::kAnything},
    {"nothing to live for", Who::kWriterUnlessOther, Tail::kAnything},
    {"no point in living", Who::kWriterUnlessOther, Tail::kAnything},
    {"no point living", Who::kWriterUnlessOther, Tail::kAnything},
    {"not worth living", Who::kWriterUnlessOther, Tail::kAnything},
    {"cant go on", Who::kWriterUnlessOther, Tail::kAnything},
    {"cant keep going", Who::kWriterUnlessOther, Tail::kAnything},
    {"dont want to go on", Who::kWriterUnlessOther, Tail::kAnything},
};

using WordList = std::vector<std::string_view>;

bool in(std::string_view word, std::span<const std::string_view> list) {
  for (const auto& entry : list) {
    if (entry == word) return true;
  }
  return false;
}

// The writer.
constexpr std::string_view kWriterWords[] = {"i", "im", "ive", "id", "ill", "me", "my", "myself", "mine"};
// Anyone else a sentence may be about, people and things ("this can't go on").
constexpr std::string_view kOtherWords[] = {
    "he",       "she",       "they",       "hes",        "shes",     "theyre",    "theyve",     "theyd",
    "him",      "her",       "them",       "his",        "their",    "himself",   "herself",    "themselves",
    "we",       "weve",      "wed",        "us",         "our",      "patient",   "patients",   "pt",
    "pts",      "someone",   "somebody",   "people",     "everyone", "everybody", "family",     "son",
    "daughter", "mom",       "dad",        "mother",     "father",   "brother",   "sister",     "husband",
    "wife",     "partner",   "boyfriend",  "girlfriend", "friend",   "friends",   "colleague",  "colleagues",
    "coworker", "coworkers", "kid",        "kids",       "child",    "children",  "man",        "woman",
    "guy",      "lady",      "boy",        "girl",       "teen",     "teenager",  "nurse",      "nurses",
    "doctor",   "doctors",   "resident",   "residents",  "student",  "students",  "it",         "this",
    "that",     "things",    "unit",       "team",       "staff",    "hospital",  "department", "floor",
    "place",    "system",    "management", "veteran",    "veterans", "neighbor",  "neighbour",  "cousin",
    "uncle",    "aunt",      "grandma",    "grandpa"};
// Someone reporting what another person said.
constexpr std::string_view kReporting[] = {"said",    "says",  "say",   "saying",   "told",      "tells",
                                           "telling", "asked", "asks",  "screamed", "yelled",    "shouted",
                                           "kept",    "keeps", "wrote", "texted",   "whispered", "mentioned"};
// A clause that starts with one of these has dropped its "I": "thinking about
// suicide a lot lately".
constexpr std::string_view kElidedI[] = {"thinking", "thought", "thoughts", "considering", "contemplating",
                                         "planning", "having",  "had",      "been",        "feeling",
                                         "felt",     "feel",    "keep",     "kept"};
constexpr std::string_view kNegation[] = {"not",  "never", "dont",  "didnt",  "wouldnt",
                                          "wont", "isnt",  "arent", "doesnt", "wasnt"};
constexpr std::string_view kIntent[] = {
    "want",    "wanted",   "wanting",    "urge",        "urges",   "think", "thinking",
    "thought", "thoughts", "going",      "might",       "will",    "ill",   "afraid",
    "scared",  "tempted",  "plan",       "planning",    "planned", "keep",  "tried",
    "try",     "trying",   "considered", "considering", "about",   "could", "started"};
constexpr std::string_view kArticle[] = {"a", "an", "the", "another", "that", "this"};
constexpr std::string_view kClinicalTail[] = {
    "risk",        "risks",       "prevention", "watch",        "precautions", "precaution", "screening",
    "screen",      "screener",    "assessment", "assessments",  "training",    "awareness",  "hotline",
    "line",        "lifeline",    "rate",       "rates",        "statistics",  "stats",      "protocol",
    "protocols",   "policy",      "policies",   "bundle",       "module",      "modules",    "pathway",
    "patient",     "patients",    "pt",         "pts",          "survivor",    "survivors",  "loss",
    "bereavement", "postvention", "research",   "study",        "webinar",     "course",     "class",
    "lecture",     "talk",        "seminar",    "presentation", "cluster",     "case",       "cases",
    "consult",     "evaluation",  "eval",       "sitter",       "observation", "obs",        "safety",
    "plan",        "plans",       "kit",        "education",    "walk",        "month",      "week",
    "day"};
// First words of a hyperbole tail; two-word tails are checked in code.
constexpr std::string_view kHyperboleTail[] = {"laughing", "inside", "than", "slack", "off", "short"};
constexpr std::string_view kEffortTail[] = {"with", "over", "working", "trying", "for",
                                            "at",   "on",   "every",   "all"};
constexpr std::string_view kEffortToTail[] = {"get", "finish", "keep", "cover", "meet",
                                              "be",  "make",   "pay",  "please"};

enum class Person { kNobody, kWriter, kOther };

Person person(std::string_view word) {
  if (in(word, kWriterWords)) return Person::kWriter;
  if (in(word, kOtherWords)) return Person::kOther;
  return Person::kNobody;
}

struct SubjectReading {
  Person nearest = Person::kNobody;  // the nearest person before the phrase in its clause
  bool reported_by_other = false;    // "my patient said 'I want to die'"
};

SubjectReading read_subject(const std::vector<Word>& words, std::size_t start) {
  SubjectReading reading;
  const std::size_t clause = words[start].clause;
  const auto same_clause = [&](std::size_t k) { return words[k].clause == clause; };
  std::size_t k = start;
  for (int steps = 0; steps < 8 && k > 0 && same_clause(k - 1); ++steps) {
    --k;
    reading.nearest = person(words[k].text);
    if (reading.nearest != Person::kNobody) break;
  }
  if (reading.nearest == Person::kNobody) {
    std::size_t first = start;
    while (first > 0 && same_clause(first - 1)) --first;
    if (first < start && in(words[first].text, kElidedI)) reading.nearest = Person::kWriter;
  }
  for (int steps = 0; steps < 10 && k > 0 && same_clause(k - 1); ++steps) {
    --k;
    if (!in(words[k].text, kReporting)) continue;
    std::size_t q = k;
    for (int back = 0; back < 4 && q > 0 && same_clause(q - 1); ++back) {
      --q;
      const Person speaker = person(words[q].text);
      if (speaker != Person::kNobody) {
        reading.reported_by_other = speaker == Person::kOther;
        break;
      }
    }
    break;
  }
  return reading;
}

bool any_before(const std::vector<Word>& words, std::size_t start, std::size_t count,
                std::span<const std::string_view> list) {
  const std::size_t clause = words[start].clause;
  for (std::size_t k = start, steps = 0; k > 0 && steps < count && words[k - 1].clause == clause; ++steps) {
    --k;
    if (in(words[k].text, list)) return true;
  }
  return false;
}

// Whether the words after the phrase (from `end`) turn it into something else.
bool tail_excludes(const std::vector<Word>& words, std::size_t start, std::size_t end, Tail tail) {
  const std::size_t clause = words[start].clause;
  const auto next = [&](std::size_t offset) -> std::string_view {
    const std::size_t k = end + offset;
    return k < words.size() && words[k].clause == clause ? std::string_view(words[k].text)
                                                         : std::string_view();
  };
  const auto hyperbole = [&] {
    if (in(next(0), kHyperboleTail)) return true;
    if ((next(0) == "of" || next(0) == "from") &&
        (next(1) == "embarrassment" || next(1) == "shame" || next(1) == "boredom" || next(1) == "cringe")) {
      return true;
    }
    return next(0) == "some" && next(1) == "slack";
  };
  switch (tail) {
    case Tail::kAnything: return false;
    case Tail::kHyperbole: return hyperbole();
    case Tail::kEffort:
      // "thinking about killing myself to make it stop" is not overwork.
      if (any_before(words, start, 4, kIntent)) return hyperbole();
      return hyperbole() || in(next(0), kEffortTail) || (next(0) == "to" && in(next(1), kEffortToTail));
    case Tail::kClinical:
      return in(next(0), kClinicalTail) || in(next(1), kClinicalTail) ||
             (start > 0 && words[start - 1].clause == clause && in(words[start - 1].text, kArticle));
  }
  return false;
}

bool counts(const std::vector<Word>& words, std::size_t start, std::size_t end, const CrisisPhrase& phrase) {
  // "I would never kill myself", "I'm not suicidal", "I don't want to die".
  if (any_before(words, start, 2, kNegation)) return false;
  if (tail_excludes(words, start, end, phrase.tail)) return false;
  const SubjectReading subject = read_subject(words, start);
  if (subject.reported_by_other) return false;
  switch (phrase.who) {
    case Who::kWriterNamed: return true;
    case Who::kWriterUnlessOther: return subject.nearest != Person::kOther;
    case Who::kWriterOnly: return subject.nearest == Person::kWriter;
    case Who::kWriterWithIntent:
      return subject.nearest != Person::kOther && any_before(words, start, 4, kIntent);
  }
  return false;
}

struct PhraseIndex {
  std::vector<WordList> words;  // kPhrases[i] split into words
  // Indexes into kPhrases by first word, so each word of the text is compared
  // with the few phrases that start with it.
  std::unordered_map<std::string_view, std::vector<std::size_t>> by_first_word;
};

const PhraseIndex& phrase_index() {
  static const auto* const index = [] {
    auto* built = new PhraseIndex();
    for (std::size_t p = 0; p < std::size(kPhrases); ++p) {
      WordList list;
      std::string_view rest = kPhrases[p].words;
      while (!rest.empty()) {
        const std::size_t space = rest.find(' ');
        list.push_back(rest.substr(0, space));
        if (space == std::string_view::npos) break;
        rest.remove_prefix(space + 1);
      }
      built->by_first_word[list.front()].push_back(p);
      built->words.push_back(std::move(list));
    }
    return built;
  }();
  return *index;
}

}  // namespace

CrisisSignal crisis_check(std::string_view text) {
  const std::vector<Word> words = split_words(text);
  const PhraseIndex& index = phrase_index();
  for (std::size_t start = 0; start < words.size(); ++start) {
    const auto candidates = index.by_first_word.find(words[start].text);
    if (candidates == index.by_first_word.end()) continue;
    for (const std::size_t p : candidates->second) {
      const WordList& phrase = index.words[p];
      if (start + phrase.size() > words.size()) continue;
      bool match = true;
      for (std::size_t k = 1; k < phrase.size() && match; ++k) {
        match = words[start + k].text == phrase[k] && words[start + k].clause == words[start].clause;
      }
      if (match && counts(words, start, start + phrase.size(), kPhrases[p]))
        return CrisisSignal::kPossibleCrisis;
    }
  }
  return CrisisSignal::kNone;
}

}  // namespace hearth::safety
