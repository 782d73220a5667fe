#include "safety/phi_check.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <regex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/error.h"

// How the check works, in one pass over the text:
//   1. e-mail addresses are found on the raw bytes (around each '@');
//   2. the rest is cut into tokens: words (letters, digits and inner
//      apostrophes: "O'Brien", "Patel's", "4B"), and single punctuation marks;
//      each word is looked up once in the lexicon below and tokens are grouped
//      into sentences;
//   3. small rules look at a token and a bounded window of its neighbours in
//      the same sentence (never more than a dozen tokens), so the whole check is
//      linear in the length of the text; no regular expression ever sees more
//      than one word;
//   4. candidates that overlap are resolved by a fixed priority, and the rest
//      are returned in text order.
// Nothing here keeps, logs or copies the text beyond the call.
namespace hearth::safety {

std::string_view to_text(PhiKind kind) {
  switch (kind) {
    case PhiKind::kRecordNumber: return "record_number";
    case PhiKind::kDateOfBirth: return "date_of_birth";
    case PhiKind::kRoomOrBed: return "room_or_bed";
    case PhiKind::kPhoneNumber: return "phone_number";
    case PhiKind::kSocialSecurityNumber: return "social_security_number";
    case PhiKind::kEmailAddress: return "email_address";
    case PhiKind::kPatientName: return "patient_name";
  }
  return "unknown";
}

std::string_view label(PhiKind kind) {
  switch (kind) {
    case PhiKind::kRecordNumber: return "Record or account number";
    case PhiKind::kDateOfBirth: return "Date of birth or admission date";
    case PhiKind::kRoomOrBed: return "Room or bed number";
    case PhiKind::kPhoneNumber: return "Phone number";
    case PhiKind::kSocialSecurityNumber: return "Social Security number";
    case PhiKind::kEmailAddress: return "Personal e-mail address";
    case PhiKind::kPatientName: return "Name with clinical details";
  }
  return "Possible patient detail";
}

std::string_view explanation(PhiKind kind) {
  switch (kind) {
    case PhiKind::kRecordNumber:
      return "Record, account and encounter numbers point straight to a patient. Leave the number out; "
             "\"one of my patients\" is enough.";
    case PhiKind::kDateOfBirth:
      return "Birth, admission and discharge dates can identify a patient. Say \"recently\" or \"last "
             "week\" instead of the date.";
    case PhiKind::kRoomOrBed:
      return "Room and bed numbers can identify a patient. Say \"a patient on my unit\" instead.";
    case PhiKind::kPhoneNumber:
      return "A phone number can identify a patient or a family. Please leave it out; hospital services "
             "are listed on the resources page.";
    case PhiKind::kSocialSecurityNumber:
      return "A Social Security number should never be shared here. Please take it out.";
    case PhiKind::kEmailAddress:
      return "This address is outside the hospital and may belong to a patient or a family. Please "
             "leave it out, or share a staff address instead.";
    case PhiKind::kPatientName:
      return "A name together with clinical details can identify a patient. Say \"a patient\" or "
             "\"an older gentleman\" instead of the name.";
  }
  return "This may identify a patient. Please rephrase it.";
}

struct PhiChecker::Compiled {
  std::vector<std::regex> record_patterns;
  // Lower-case, without a leading '@' or '.'.
  std::vector<std::string> staff_domains;
};

namespace {

// ---------------------------------------------------------------------------
// Code points and character classes

constexpr char32_t kNotUtf8 = 0x110000;  // a byte that does not start valid UTF-8

struct CodePoint {
  char32_t value;
  std::size_t size;
};

// Decodes the code point at `pos`; a byte that does not start well-formed
// UTF-8 comes back as kNotUtf8 with size 1, so scanning goes on byte-wise.
CodePoint decode(std::string_view text, std::size_t pos) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(pos);
  if (lead < 0x80) return {lead, 1};
  std::size_t size = 0;
  char32_t value = 0;
  char32_t minimum = 0;
  if ((lead & 0xE0) == 0xC0) {
    size = 2, value = lead & 0x1Fu, minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    size = 3, value = lead & 0x0Fu, minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    size = 4, value = lead & 0x07u, minimum = 0x10000;
  } else {
    return {kNotUtf8, 1};
  }
  if (pos + size > text.size()) return {kNotUtf8, 1};
  for (std::size_t i = 1; i < size; ++i) {
    const unsigned char next = byte(pos + i);
    if ((next & 0xC0) != 0x80) return {kNotUtf8, 1};
    value = (value << 6) | (next & 0x3Fu);
  }
  if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return {kNotUtf8, 1};
  return {value, size};
}

enum class CharClass { kSpace, kNewline, kLetter, kDigit, kApostrophe, kPunct };

CharClass classify(char32_t c) {
  if (c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029) return CharClass::kNewline;
  if (c == ' ' || c == '\t' || c == '\v' || c == '\f') return CharClass::kSpace;
  if (c >= '0' && c <= '9') return CharClass::kDigit;
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return CharClass::kLetter;
  if (c == '\'' || c == 0x2019 || c == 0x2018 || c == 0x02BC) return CharClass::kApostrophe;
  if (c < 0x80) return CharClass::kPunct;  // ASCII punctuation and control characters
  if (c == kNotUtf8) return CharClass::kLetter;
  if (c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F || c == 0x3000 ||
      c == 0xFEFF || c == 0x2060) {
    return CharClass::kSpace;
  }
  if ((c >= 0xA1 && c <= 0xBF) || c == 0xD7 || c == 0xF7 || (c >= 0x2010 && c <= 0x205E) ||
      (c >= 0x20A0 && c <= 0x20CF) || (c >= 0x2100 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) ||
      (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xFF01 && c <= 0xFF0F) || (c >= 0x1F000 && c <= 0x1FAFF)) {
    return CharClass::kPunct;
  }
  return CharClass::kLetter;  // other scripts, accents, combining marks
}

enum class LetterCase { kUpper, kLower, kNone };

// Upper/lower case for ASCII, Latin-1, Latin Extended-A, Latin Extended
// Additional (Vietnamese), Greek and Cyrillic; enough to tell "Nguyễn" and
// "Łukasz" from "ICU".
LetterCase letter_case(char32_t c) {
  if (c >= 'A' && c <= 'Z') return LetterCase::kUpper;
  if (c >= 'a' && c <= 'z') return LetterCase::kLower;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return LetterCase::kUpper;
  if (c >= 0xDF && c <= 0xFF && c != 0xF7) return LetterCase::kLower;
  if (c >= 0x100 && c <= 0x17F) {
    // Pairs alternate even upper / odd lower, except in two runs where they
    // alternate the other way.
    if (c == 0x138) return LetterCase::kLower;
    const bool odd_is_upper = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
    const bool odd = c % 2 == 1;
    return odd == odd_is_upper ? LetterCase::kUpper : LetterCase::kLower;
  }
  if (c >= 0x1E00 && c <= 0x1EFF) return c % 2 == 0 ? LetterCase::kUpper : LetterCase::kLower;
  if (c >= 0x391 && c <= 0x3A9) return LetterCase::kUpper;
  if (c >= 0x3B1 && c <= 0x3C9) return LetterCase::kLower;
  if (c >= 0x400 && c <= 0x42F) return LetterCase::kUpper;
  if (c >= 0x430 && c <= 0x45F) return LetterCase::kLower;
  return LetterCase::kNone;
}

char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// ---------------------------------------------------------------------------
// The lexicon: what a word can be a sign of. One word may carry several bits.

using LexiconBits = std::uint32_t;

constexpr LexiconBits kPatientWord = 1u << 0;         // "patient", "pt"
constexpr LexiconBits kPatientCompound = 1u << 1;     // "patient safety": the next word makes it a thing
constexpr LexiconBits kDobWord = 1u << 2;             // always marks a date as a date of birth
constexpr LexiconBits kBornWord = 1u << 3;            // "born": unless about the writer's own family
constexpr LexiconBits kAdmitWord = 1u << 4;           // admission and discharge
constexpr LexiconBits kClinical = 1u << 5;            // clinical words that make a nearby name a patient's
constexpr LexiconBits kStrongClinicalVerb = 1u << 6;  // "Grace Whitfield was admitted"
constexpr LexiconBits kRecordKeyword = 1u << 7;       // "MRN", "acct", "encounter"
constexpr LexiconBits kNumberFiller = 1u << 8;    // "MRN number is 123…": words between keyword and number
constexpr LexiconBits kSsnWord = 1u << 9;         // "SSN", "social"
constexpr LexiconBits kRoomKeyword = 1u << 10;    // "bed", "rm", "room", "bay"
constexpr LexiconBits kRoomQualifier = 1u << 11;  // "conference room 2", "break room"
constexpr LexiconBits kEventWord = 1u << 12;      // "the group meets in room 310"
constexpr LexiconBits kAfterRoomNumber = 1u << 13;  // "in 12 with sepsis", "in 7 who…"
constexpr LexiconBits kQuantityUnit = 1u << 14;     // "bed 2 hours after", "555-1000 mg"
constexpr LexiconBits kResourceWord = 1u << 15;     // "the EAP line is 555-0142": not a patient's phone
constexpr LexiconBits kHonorific = 1u << 16;        // "Mr", "Mrs", "Ms"
constexpr LexiconBits kNameStop = 1u << 17;         // capitalised words that are not names
constexpr LexiconBits kMonth = 1u << 18;
constexpr LexiconBits kWeekday = 1u << 19;
constexpr LexiconBits kOwnWord = 1u << 20;          // "my", "our"
constexpr LexiconBits kFamilyWord = 1u << 21;       // "my son was born 6/2/2018" is not about a patient
constexpr LexiconBits kDatePreposition = 1u << 22;  // "on 11/3": a fraction-like date is a date
constexpr LexiconBits kAdjectiveLead = 1u << 23;    // "be patient", "so patient": the adjective
constexpr LexiconBits kNameFiller = 1u << 24;       // "patient named Ana", "patient name was Ana"
constexpr LexiconBits kVerbFiller = 1u << 25;       // "Samuel Ortiz was admitted"
constexpr LexiconBits kPersonNoun = 1u << 26;       // "the lady in 7"

struct LexiconEntry {
  LexiconBits bits;
  std::string_view words;  // lower-case, separated by single spaces
};

// Words are compared lower-cased, with a possessive "'s" removed.
constexpr LexiconEntry kLexicon[] = {
    {kPatientWord, "patient patients pt pts"},
    {kPatientCompound,
     "safety experience experiences satisfaction care advocate advocates advocacy relations portal education "
     "ratio ratios load loads assignment assignments flow access services financial transport transporter "
     "rights centered centred population volume volumes census outcomes engagement feedback survey surveys "
     "scores first week day month awareness person people"},
    {kAdjectiveLead, "be so very more less too been being stay remain how"},
    {kDobWord, "dob birthdate"},
    {kBornWord, "born birth birthday bday"},
    {kAdmitWord,
     "admitted admit admission admissions readmitted readmit readmission discharged discharge dc'd"},
    // Clinical words: a name near one of these is probably a patient's.
    {kClinical,
     "patient patients pt pts sepsis septic chemo chemotherapy radiation cancer tumor tumour stroke cva chf "
     "copd pneumonia covid dementia alzheimer delirium delirious confused confusion combative agitated "
     "restraints restrained sitter fall fell falls vent ventilator intubated extubated trach dialysis "
     "surgery "
     "surgical postop op biopsy diagnosis diagnosed dx prognosis terminal hospice palliative dnr dni code "
     "coded coding admitted admission discharged discharge readmitted meds medication medications morphine "
     "insulin fentanyl narcan overdose overdosed withdrawal wound amputation labs iv picc foley oxygen "
     "vitals "
     "fever transfusion seizure seizures seized desat desatted crashed died dying die death expired family "
     "pain transferred cardiac arrest compressions cpr intubation sedated sedation pressors drip wheelchair "
     "incontinent catheter bedside nausea dehydrated infection mrsa ivs passed dressing dressings npo bath "
     "bathed turned repositioned tray feeding ng peg trach nebs neb telemetry tele monitor ekg ct mri xray "
     "scan scans ultrasound chest ostomy bedsore pressure ulcer ambulating dying comfort"},
    {kStrongClinicalVerb,
     "admitted readmitted discharged coded intubated extubated expired diagnosed septic"},
    {kVerbFiller, "was is got has had been just finally again being"},
    {kRecordKeyword, "mrn mrns acct account accounts encounter enc fin chart record csn har accession"},
    {kNumberFiller, "no num number nbr is was of ending ends security"},
    {kSsnWord, "ssn ss social"},
    {kRoomKeyword, "bed beds rm rms room rooms bay bays cubicle stretcher crib isolette"},
    {kRoomQualifier,
     "conference conf meeting class break staff education training lecture board locker huddle wellness "
     "quiet "
     "lactation call family waiting sim simulation med supply utility nourishment lounge consult "
     "consultation "
     "dining living chat zoom breakout hotel storage linen clean dirty workroom reading"},
    {kEventWord,
     "meet meets meeting meetings group groups session sessions class classes workshop event events rounds "
     "huddle yoga training potluck party celebration moved reserved booked office building"},
    {kAfterRoomNumber,
     "with who was is has had keeps kept coded died crashed needs needed just again tonight today yesterday "
     "and "
     "that pulled fell went refused refusing wants wanted asked thanked called said screamed yelled passed "
     "got "
     "finally still already"},
    {kQuantityUnit,
     "hours hour hrs hr h minutes minute mins min days day nights night weeks week wks wk months month mos "
     "years year yrs yr yo times time am pm mg mcg g kg ml l lbs lb units unit percent shifts shift patients "
     "people nurses beds rooms kids steps points more oclock o'clock"},
    {kResourceWord,
     "eap hotline helpline lifeline crisis chaplain chaplaincy chaplains switchboard operator ext extension "
     "pager line support desk office wellness"},
    {kHonorific, "mr mrs ms miss mx mister"},
    {kNameStop,
     "the a an and or but i im ive id ill we you he she they it this that these those my our your his her "
     "their its there here then so just also still today tonight yesterday tomorrow everyone anyone someone "
     "nobody thanks thank please hi hello hey ok okay yes no not never always after before when while if "
     "because since until in on at for with from to of by about into over under up down out off again who "
     "what where why how which all some any every each both one two three four five six seven eight nine ten "
     "is was were be been has had have do did does can could would should will may might must west east "
     "north "
     "south unit floor god jesus lord christmas easter thanksgiving covid epic zoom teams nurse nurses "
     "doctor "
     "charge code blue rapid response rounds schwartz house supervisor manager director week weekend night "
     "day morning evening shift happy merry dear love poor sweet little old young big new first last next "
     "room bed bay icu er"},
    {kMonth,
     "january february march april may june july august september october november december jan feb mar apr "
     "jun jul aug sep sept oct nov dec"},
    {kWeekday,
     "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun"},
    {kOwnWord, "my our"},
    {kFamilyWord,
     "son sons daughter daughters kid kids child children baby babies twins grandson granddaughter grandkids "
     "husband wife partner mom dad mother father sister brother niece nephew boy girl toddler"},
    {kDatePreposition, "on from since until till til before after by"},
    {kNameFiller, "named called name"},
    {kPersonNoun, "lady gentleman guy man woman boy girl kid baby dude fellow grandma grandpa granny"},
};

const std::unordered_map<std::string_view, LexiconBits>& lexicon() {
  static const auto* const map = [] {
    auto* built = new std::unordered_map<std::string_view, LexiconBits>();
    for (const auto& entry : kLexicon) {
      std::string_view rest = entry.words;
      while (!rest.empty()) {
        const std::size_t space = rest.find(' ');
        const std::string_view word = rest.substr(0, space);
        if (!word.empty()) (*built)[word] |= entry.bits;
        if (space == std::string_view::npos) break;
        rest.remove_prefix(space + 1);
      }
    }
    return built;
  }();
  return *map;
}

LexiconBits lookup(std::string_view word) {
  const auto& map = lexicon();
  const auto found = map.find(word);
  return found == map.end() ? 0 : found->second;
}

// ---------------------------------------------------------------------------
// Tokens

enum class TokenKind {
  kWord,    // letters only
  kNumber,  // ASCII digits only
  kMixed,   // letters and digits: "4B", "x4357", "M1234567", "2nd"
  kPunct,   // one punctuation code point; an e-mail address is one opaque kPunct token
};

enum class LetterShape {
  kOther,        // lower case, or no cased letters
  kCapitalized,  // "Jones", "O'Brien", "K", "Nguyễn"
  kAllCaps,      // "ICU", "PT", "MRN"
};

struct Token {
  TokenKind kind = TokenKind::kPunct;
  std::size_t begin = 0;
  std::size_t end = 0;
  std::size_t stem_end = 0;  // end without a possessive "'s"
  std::string stem;          // ASCII lower-cased text up to stem_end; apostrophes as '\''
  std::size_t digits = 0;    // ASCII digits in the stem
  std::size_t letters = 0;   // letters (code points) in the stem
  char32_t punct = 0;        // the code point of a kPunct token ('@' for an e-mail address)
  bool space_before = false;
  bool newline_before = false;
  bool possessive = false;
  LetterShape shape = LetterShape::kOther;
  LexiconBits bits = 0;
  std::size_t sentence = 0;
};

struct EmailSpan {
  std::size_t begin;
  std::size_t end;
  std::string_view domain;
};

bool is_email_local_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == '%' || c == '+' || c == '-';
}

bool is_email_domain_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
}

// Finds name@domain.tld shapes. Each byte is looked at no more than twice:
// '@' is neither a local nor a domain character, so scans stop at the next one.
std::vector<EmailSpan> find_emails(std::string_view text) {
  std::vector<EmailSpan> found;
  std::size_t resume = 0;  // nothing before this may start a new address
  for (std::size_t at = text.find('@'); at != std::string_view::npos; at = text.find('@', at + 1)) {
    std::size_t begin = at;
    while (begin > resume && is_email_local_char(text[begin - 1])) --begin;
    while (begin < at && text[begin] == '.') ++begin;
    std::size_t end = at + 1;
    while (end < text.size() && is_email_domain_char(text[end])) ++end;
    while (end > at + 1 && (text[end - 1] == '.' || text[end - 1] == '-')) --end;
    if (begin == at || end == at + 1) continue;
    const std::string_view domain = text.substr(at + 1, end - at - 1);
    const std::size_t last_dot = domain.rfind('.');
    if (last_dot == std::string_view::npos || last_dot == 0) continue;
    const std::string_view top = domain.substr(last_dot + 1);
    if (top.size() < 2 || !std::all_of(top.begin(), top.end(), [](char c) {
          return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        })) {
      continue;
    }
    found.push_back({begin, end, domain});
    resume = end;
  }
  return found;
}

bool is_staff_domain(std::string_view domain, const std::vector<std::string>& staff_domains) {
  std::string lower;
  lower.reserve(domain.size());
  for (char c : domain) lower.push_back(ascii_lower(c));
  for (const auto& staff : staff_domains) {
    if (lower == staff) return true;
    if (lower.size() > staff.size() && lower.compare(lower.size() - staff.size(), staff.size(), staff) == 0 &&
        lower[lower.size() - staff.size() - 1] == '.') {
      return true;
    }
  }
  return false;
}

// Cuts `text` into tokens. E-mail addresses become single opaque tokens so that
// their digits are not read as numbers.
std::vector<Token> tokenize(std::string_view text, const std::vector<EmailSpan>& emails) {
  std::vector<Token> tokens;
  std::size_t next_email = 0;
  bool space = false;
  bool newline = false;
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (next_email < emails.size() && pos == emails[next_email].begin) {
      Token token;
      token.begin = pos;
      token.end = token.stem_end = emails[next_email].end;
      token.punct = '@';
      token.space_before = space;
      token.newline_before = newline;
      tokens.push_back(std::move(token));
      pos = emails[next_email].end;
      ++next_email;
      space = newline = false;
      continue;
    }
    const CodePoint first = decode(text, pos);
    const CharClass first_class = classify(first.value);
    if (first_class == CharClass::kSpace || first_class == CharClass::kNewline) {
      space = true;
      newline = newline || first_class == CharClass::kNewline;
      pos += first.size;
      continue;
    }
    Token token;
    token.begin = pos;
    token.space_before = space;
    token.newline_before = newline;
    space = newline = false;
    if (first_class != CharClass::kLetter && first_class != CharClass::kDigit) {
      token.punct = first.value;
      token.stem.assign(text.substr(pos, first.size));
      pos += first.size;
      token.end = token.stem_end = pos;
      tokens.push_back(std::move(token));
      continue;
    }
    // A word: letters and digits, with an apostrophe allowed between a letter
    // or digit and a following letter ("O'Brien", "can't", "Patel’s").
    bool saw_lower = false;
    bool saw_upper_after_first = false;
    const LetterCase first_case = letter_case(first.value);
    std::size_t apostrophe_at = std::string_view::npos;  // byte offset of the last apostrophe
    std::size_t end_before_apostrophe = 0;
    std::size_t letters_before_apostrophe = 0;
    std::size_t stem_size_before_apostrophe = 0;
    bool first_code_point = true;
    while (pos < text.size()) {
      if (next_email < emails.size() && pos == emails[next_email].begin) break;
      const CodePoint cp = decode(text, pos);
      CharClass cls = classify(cp.value);
      if (cls == CharClass::kApostrophe && !first_code_point && pos + cp.size < text.size()) {
        const CodePoint after = decode(text, pos + cp.size);
        if (classify(after.value) != CharClass::kLetter) break;
        apostrophe_at = pos;
        end_before_apostrophe = pos;
        letters_before_apostrophe = token.letters;
        stem_size_before_apostrophe = token.stem.size();
        token.stem.push_back('\'');
        pos += cp.size;
        continue;
      }
      if (cls != CharClass::kLetter && cls != CharClass::kDigit) break;
      if (cls == CharClass::kDigit) {
        ++token.digits;
        token.stem.push_back(static_cast<char>(cp.value));
      } else {
        ++token.letters;
        const LetterCase letter = letter_case(cp.value);
        if (letter == LetterCase::kLower) saw_lower = true;
        if (letter == LetterCase::kUpper && !first_code_point) saw_upper_after_first = true;
        if (cp.value < 0x80) {
          token.stem.push_back(ascii_lower(static_cast<char>(cp.value)));
        } else {
          token.stem.append(text.substr(pos, cp.size));
        }
      }
      first_code_point = false;
      pos += cp.size;
    }
    token.end = token.stem_end = pos;
    // A possessive "'s" belongs to the word but not to its stem.
    if (apostrophe_at != std::string_view::npos && token.stem.size() == stem_size_before_apostrophe + 2 &&
        token.stem.back() == 's') {
      token.possessive = true;
      token.stem_end = end_before_apostrophe;
      token.stem.resize(stem_size_before_apostrophe);
      token.letters = letters_before_apostrophe;
    }
    if (token.digits > 0 && token.letters == 0) {
      token.kind = TokenKind::kNumber;
    } else if (token.digits > 0) {
      token.kind = TokenKind::kMixed;
    } else {
      token.kind = TokenKind::kWord;
    }
    if (token.kind == TokenKind::kWord && first_case == LetterCase::kUpper) {
      if (saw_lower || token.letters == 1) {
        token.shape = LetterShape::kCapitalized;
      } else if (!saw_lower && (saw_upper_after_first || token.letters > 1)) {
        token.shape = LetterShape::kAllCaps;
      }
    }
    tokens.push_back(std::move(token));
  }
  return tokens;
}

bool is_punct(const Token& token, char32_t c) {
  return token.kind == TokenKind::kPunct && token.punct == c;
}

bool is_dash(char32_t c) {
  return c == '-' || (c >= 0x2010 && c <= 0x2013);
}

// Abbreviations whose full stop does not end a sentence.
bool is_abbreviation(const Token& token) {
  if (token.kind != TokenKind::kWord) return false;
  if (token.letters == 1) return true;
  static constexpr std::string_view kAbbreviations[] = {"mr", "mrs", "ms",     "dr",  "mx",  "st",
                                                        "pt", "rm",  "no",     "vs",  "etc", "jr",
                                                        "sr", "ext", "approx", "dept"};
  return std::find(std::begin(kAbbreviations), std::end(kAbbreviations), token.stem) !=
         std::end(kAbbreviations);
}

// Looks up every word once and numbers the sentences.
void annotate(std::vector<Token>& tokens) {
  std::size_t sentence = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    Token& token = tokens[i];
    if (i > 0) {
      const Token& previous = tokens[i - 1];
      const bool stop = previous.kind == TokenKind::kPunct &&
                        (previous.punct == '!' || previous.punct == '?' || previous.punct == 0x2026 ||
                         (previous.punct == '.' && !(i >= 2 && is_abbreviation(tokens[i - 2]))));
      if (token.newline_before || (stop && token.space_before)) ++sentence;
    }
    token.sentence = sentence;
    if (token.kind == TokenKind::kWord || token.kind == TokenKind::kMixed) token.bits = lookup(token.stem);
    // "D.O.B."
    if (token.stem == "b" && i >= 4 && is_punct(tokens[i - 1], '.') && tokens[i - 2].stem == "o" &&
        is_punct(tokens[i - 3], '.') && tokens[i - 4].stem == "d") {
      token.bits |= kDobWord;
    }
  }
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    Token& token = tokens[i];
    if ((token.bits & kPatientWord) == 0) continue;
    // "PT" is physical therapy or part time; "patient safety" is a thing;
    // "be patient" is an adjective.
    const bool compound = i + 1 < tokens.size() && (tokens[i + 1].bits & kPatientCompound) != 0 &&
                          tokens[i + 1].sentence == token.sentence && !token.possessive;
    const bool adjective = i > 0 && (tokens[i - 1].bits & kAdjectiveLead) != 0;
    if (token.shape == LetterShape::kAllCaps || compound || adjective) token.bits &= ~kPatientWord;
  }
}

// ---------------------------------------------------------------------------
// The scan

struct Candidate {
  PhiKind kind;
  std::size_t begin;
  std::size_t end;
  int rank;  // lower wins when candidates overlap
};

constexpr int kRankSitePattern = 0;
constexpr int kRankEmail = 1;
constexpr int kRankSsn = 2;
constexpr int kRankPhone = 3;
constexpr int kRankRecord = 4;
constexpr int kRankDate = 5;
constexpr int kRankRoom = 6;
constexpr int kRankName = 7;

enum class DateShape {
  kDayMonthYear,  // 3/14/1962, Nov 2, 2 November 1962
  kDayMonth,      // 11/02: also shaped like a fraction or a score
  kMonthYear,     // March 1962
};

enum class Keyword { kRecord, kSsn };

class Scan {
 public:
  Scan(std::string_view text, const std::vector<std::regex>& patterns,
       const std::vector<std::string>& staff_domains)
      : text_(text), patterns_(patterns), staff_domains_(staff_domains) {}

  std::vector<PhiFinding> run();

 private:
  // Token helpers. Every window stays inside one sentence.
  bool valid(std::size_t i) const { return i < tokens_.size(); }
  bool has(std::size_t i, LexiconBits bits) const { return valid(i) && (tokens_[i].bits & bits) != 0; }
  bool same_sentence(std::size_t a, std::size_t b) const {
    return valid(a) && valid(b) && tokens_[a].sentence == tokens_[b].sentence;
  }
  bool window_has(std::size_t first, std::size_t last, std::size_t before, std::size_t after,
                  LexiconBits bits) const;
  bool is_word(std::size_t i, std::string_view stem) const {
    return valid(i) && tokens_[i].kind != TokenKind::kPunct && tokens_[i].stem == stem;
  }
  bool is_capitalized_name(std::size_t i) const;
  // Walks back from token `i` over up to `max_fillers` filler tokens ("#",
  // ":", "number", "is"…) and reports whether `keyword` comes first.
  bool keyword_before(std::size_t i, Keyword keyword, int max_fillers) const;
  bool record_keyword_at(std::size_t i) const;
  bool own_family_before(std::size_t i) const;
  bool resource_context(std::size_t first) const;

  void add(PhiKind kind, std::size_t begin, std::size_t end, int rank) {
    if (end > begin) candidates_.push_back({kind, begin, end, rank});
  }

  void scan_site_patterns();
  void scan_emails();
  void scan_numbers();
  void scan_number_run(const std::vector<std::size_t>& groups, const std::vector<char32_t>& separators,
                       std::size_t prefix);
  void scan_mixed_records();
  void scan_month_dates();
  void consider_date(std::size_t first, std::size_t last, DateShape shape);
  void scan_rooms();
  void scan_in_number_rooms();
  void scan_honorific_names();
  void scan_patient_word_names();
  void scan_full_names();

  std::string_view text_;
  const std::vector<std::regex>& patterns_;
  const std::vector<std::string>& staff_domains_;
  std::vector<EmailSpan> emails_;
  std::vector<Token> tokens_;
  std::vector<Candidate> candidates_;
};

// ---------------------------------------------------------------------------
// Helpers

bool is_day_month(std::uint64_t first, std::uint64_t second) {
  return first >= 1 && first <= 12 && second >= 1 && second <= 31;
}

// "2nd", "15th".
bool is_ordinal(const Token& token) {
  if (token.kind != TokenKind::kMixed || token.stem.size() < 3 || token.stem.size() > 4) return false;
  const std::string_view suffix = std::string_view(token.stem).substr(token.stem.size() - 2);
  if (suffix != "st" && suffix != "nd" && suffix != "rd" && suffix != "th") return false;
  return token.digits == token.stem.size() - 2;
}

std::uint64_t number_value(std::string_view digits) {
  if (digits.size() > 18) return UINT64_MAX;
  std::uint64_t value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') break;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return value;
}

bool is_toll_free(std::uint64_t area_code) {
  return area_code == 800 || area_code == 833 || area_code == 844 || area_code == 855 || area_code == 866 ||
         area_code == 877 || area_code == 888;
}

bool Scan::window_has(std::size_t first, std::size_t last, std::size_t before, std::size_t after,
                      LexiconBits bits) const {
  const std::size_t from = first >= before ? first - before : 0;
  const std::size_t to = std::min(tokens_.size(), last + after + 1);
  const std::size_t first_sentence = tokens_[first].sentence;
  const std::size_t last_sentence = tokens_[last].sentence;
  for (std::size_t i = from; i < to; ++i) {
    if (tokens_[i].sentence < first_sentence || tokens_[i].sentence > last_sentence) continue;
    if ((tokens_[i].bits & bits) != 0) return true;
  }
  return false;
}

bool Scan::is_capitalized_name(std::size_t i) const {
  if (!valid(i)) return false;
  const Token& token = tokens_[i];
  constexpr LexiconBits kNotAName = kNameStop | kMonth | kWeekday | kHonorific | kClinical | kRecordKeyword |
                                    kRoomKeyword | kPatientWord | kFamilyWord;
  return token.kind == TokenKind::kWord && token.shape == LetterShape::kCapitalized &&
         (token.bits & kNotAName) == 0;
}

bool Scan::record_keyword_at(std::size_t i) const {
  if (!valid(i)) return false;
  const Token& token = tokens_[i];
  if (token.kind == TokenKind::kPunct) return false;
  // "record" and "chart" are also ordinary words; the number rules below ask
  // for at least four digits, which ordinary sentences rarely put after them.
  if ((token.bits & kRecordKeyword) != 0) return true;
  // "MR# 123456"; a bare "Mr" is an honorific.
  if (token.stem == "mr") return valid(i + 1) && is_punct(tokens_[i + 1], '#');
  // "patient ID 4471": an ID alone may be a badge.
  if (token.stem == "id") return i > 0 && (tokens_[i - 1].bits & kPatientWord) != 0;
  return false;
}

bool Scan::keyword_before(std::size_t i, Keyword keyword, int max_fillers) const {
  int fillers = 0;
  std::size_t j = i;
  while (j > 0) {
    --j;
    if (!same_sentence(j, i)) return false;
    const Token& token = tokens_[j];
    const bool found = keyword == Keyword::kRecord ? record_keyword_at(j) : (token.bits & kSsnWord) != 0;
    if (found) return true;
    const bool filler =
        token.kind == TokenKind::kPunct
            ? (token.punct == '#' || token.punct == ':' || token.punct == '.' || is_dash(token.punct) ||
               token.punct == '=' || token.punct == ',' || token.punct == '(')
            : (token.bits & kNumberFiller) != 0;
    if (!filler || ++fillers > max_fillers) return false;
  }
  return false;
}

// "my son was born", "our twins were born", "I was born".
bool Scan::own_family_before(std::size_t i) const {
  const std::size_t from = i >= 6 ? i - 6 : 0;
  for (std::size_t j = from; j < i; ++j) {
    if (!same_sentence(j, i)) continue;
    if (has(j, kOwnWord) && has(j + 1, kFamilyWord)) return true;
    if (is_word(j, "i") && (is_word(j + 1, "was") || is_word(j + 1, "were"))) return true;
  }
  return false;
}

// "the EAP line is 555-0142", "chaplain's pager 555-1000": a service's number.
bool Scan::resource_context(std::size_t first) const {
  return window_has(first, first, 6, 0, kResourceWord);
}

// ---------------------------------------------------------------------------
// Rules

void Scan::scan_site_patterns() {
  if (patterns_.empty()) return;
  const auto is_word_char = [](const CodePoint& cp) {
    const CharClass cls = classify(cp.value);
    return cls == CharClass::kLetter || cls == CharClass::kDigit || cp.value == '-';
  };
  std::size_t email = 0;
  std::size_t pos = 0;
  while (pos < text_.size()) {
    CodePoint cp = decode(text_, pos);
    if (!is_word_char(cp)) {
      pos += cp.size;
      continue;
    }
    std::size_t begin = pos;
    bool has_digit = false;
    while (pos < text_.size()) {
      cp = decode(text_, pos);
      if (!is_word_char(cp)) break;
      has_digit = has_digit || (cp.value >= '0' && cp.value <= '9');
      pos += cp.size;
    }
    std::size_t end = pos;
    while (begin < end && text_[begin] == '-') ++begin;
    while (end > begin && text_[end - 1] == '-') --end;
    if (!has_digit || end - begin > 64 || end == begin) continue;
    while (email < emails_.size() && emails_[email].end <= begin) ++email;
    if (email < emails_.size() && emails_[email].begin < end) continue;  // part of an address
    const std::string word(text_.substr(begin, end - begin));
    for (const auto& pattern : patterns_) {
      if (std::regex_match(word, pattern)) {
        add(PhiKind::kRecordNumber, begin, end, kRankSitePattern);
        break;
      }
    }
  }
}

void Scan::scan_emails() {
  for (const auto& email : emails_) {
    if (!is_staff_domain(email.domain, staff_domains_)) {
      add(PhiKind::kEmailAddress, email.begin, email.end, kRankEmail);
    }
  }
}

// Groups digit runs joined by one separator ("555-123-4567", "3/14/1962",
// "(555) 304-1192") or by single spaces ("555 648 2210") and reads them.
void Scan::scan_numbers() {
  std::vector<std::size_t> groups;
  std::vector<char32_t> separators;
  for (std::size_t i = 0; i < tokens_.size(); ++i) {
    if (tokens_[i].kind != TokenKind::kNumber) continue;
    groups.assign(1, i);
    separators.assign(1, 0);
    std::size_t j = i;
    while (valid(j + 1)) {
      const Token& next = tokens_[j + 1];
      if (next.kind == TokenKind::kNumber && next.space_before && !next.newline_before) {
        groups.push_back(j + 1);
        separators.push_back(' ');
        j += 1;
        continue;
      }
      if (next.kind == TokenKind::kPunct && !next.space_before && valid(j + 2) &&
          tokens_[j + 2].kind == TokenKind::kNumber && !tokens_[j + 2].newline_before) {
        const char32_t c = next.punct;
        const bool glued = !tokens_[j + 2].space_before;
        if ((is_dash(c) || c == '.' || c == '/') && glued) {
          groups.push_back(j + 2);
          separators.push_back(is_dash(c) ? U'-' : c);
          j += 2;
          continue;
        }
        if (c == ')') {
          groups.push_back(j + 2);
          separators.push_back(')');
          j += 2;
          continue;
        }
      }
      break;
    }
    std::size_t prefix = i;
    if (i > 0 && !tokens_[i].space_before &&
        (is_punct(tokens_[i - 1], '+') || is_punct(tokens_[i - 1], '('))) {
      prefix = i - 1;
    }
    scan_number_run(groups, separators, prefix);
    i = j;
  }
}

void Scan::scan_number_run(const std::vector<std::size_t>& groups, const std::vector<char32_t>& separators,
                           std::size_t prefix) {
  const std::size_t count = groups.size();
  const auto token = [&](std::size_t k) -> const Token& { return tokens_[groups[k]]; };
  const auto digits = [&](std::size_t k) { return token(k).digits; };
  const auto value = [&](std::size_t k) { return number_value(token(k).stem); };
  const auto separator = [&](std::size_t k) { return separators[k]; };
  const auto shaped = [&](std::size_t s, std::initializer_list<std::size_t> sizes) {
    if (s + sizes.size() > count) return false;
    std::size_t k = s;
    for (std::size_t size : sizes) {
      if (digits(k++) != size) return false;
    }
    return true;
  };
  // Nothing glued to the group on that side (a space or the end of the run).
  const auto open_before = [&](std::size_t k) { return k == 0 || separator(k) == ' '; };
  const auto open_after = [&](std::size_t k) { return k + 1 == count || separator(k + 1) == ' '; };
  const bool plus = prefix != groups[0] && is_punct(tokens_[prefix], '+');
  const bool paren = prefix != groups[0] && is_punct(tokens_[prefix], '(');

  // A phone number from byte `begin` to the end of group `last`, unless it is
  // a toll-free line or a service's number.
  const auto phone = [&](std::size_t begin, std::size_t first_group, std::size_t last,
                         std::uint64_t area_code) {
    if (is_toll_free(area_code) || resource_context(groups[first_group])) return;
    add(PhiKind::kPhoneNumber, begin, token(last).stem_end, kRankPhone);
  };
  const auto date = [&](std::size_t first, std::size_t last, DateShape shape) {
    consider_date(groups[first], groups[last], shape);
  };

  // Returns how many groups the rule that matched at `s` used, 0 for none.
  const auto match_at = [&](std::size_t s) -> std::size_t {
    const std::size_t first_token = groups[s];
    // "MRN 4482917", "account number 22-418807", "acct# 7730215".
    if (open_before(s) && keyword_before(first_token, Keyword::kRecord, 3)) {
      std::size_t last = s;
      std::size_t total = digits(s);
      while (last + 1 < count && separator(last + 1) == '-') total += digits(++last);
      const bool year = last == s && digits(s) == 4 && value(s) >= 1900 && value(s) <= 2099;
      if (total >= 4 && !year) {
        add(PhiKind::kRecordNumber, token(s).begin, token(last).stem_end, kRankRecord);
        return last - s + 1;
      }
    }
    // "SSN 601 22 8417", "the last four of her social, 7712".
    if (open_before(s) && keyword_before(first_token, Keyword::kSsn, 4)) {
      if (shaped(s, {3, 2, 4}) && separator(s + 1) == separator(s + 2) && separator(s + 1) != '/' &&
          open_after(s + 2)) {
        add(PhiKind::kSocialSecurityNumber, token(s).begin, token(s + 2).stem_end, kRankSsn);
        return 3;
      }
      if ((digits(s) == 9 || digits(s) == 4) && open_after(s)) {
        add(PhiKind::kSocialSecurityNumber, token(s).begin, token(s).stem_end, kRankSsn);
        return 1;
      }
    }
    // "+44 20 7946 0321": a plus, then 8 to 15 digits in up to 6 groups.
    if (s == 0 && plus) {
      std::size_t last = s;
      std::size_t total = digits(s);
      while (last + 1 < count && last - s < 5 && separator(last + 1) != '/' &&
             total + digits(last + 1) <= 15) {
        total += digits(++last);
      }
      if (total >= 8) {
        // "+1 800 …" is toll-free too.
        const std::uint64_t area = value(s) == 1 && last > s ? value(s + 1) : 0;
        phone(tokens_[prefix].begin, s, last, area);
        return last - s + 1;
      }
    }
    const auto north_american = [&](char32_t a, char32_t b, bool after_paren) {
      const bool same = a == b && (a == '-' || a == '.' || a == ' ');
      return same || (after_paren && a == ')' && (b == '-' || b == ' ' || b == '.')) ||
             (a == ' ' && b == '-');
    };
    // "1-555-402-7788".
    if (shaped(s, {1, 3, 3, 4}) && value(s) == 1 && separator(s + 1) != '/' &&
        north_american(separator(s + 2), separator(s + 3), false) && open_after(s + 3) &&
        token(s + 1).stem[0] >= '2') {
      phone(s == 0 && plus ? tokens_[prefix].begin : token(s).begin, s, s + 3, value(s + 1));
      return 4;
    }
    // "555-213-8874", "(555) 304-1192", "+1 (555) 220-4118", "555.771.2093", "555 648 2210".
    if (shaped(s, {3, 3, 4}) && north_american(separator(s + 1), separator(s + 2), s == 0 && paren) &&
        open_after(s + 2) && (open_before(s) || separator(s) == '-') && token(s).stem[0] >= '2') {
      std::size_t begin = s == 0 && paren ? tokens_[prefix].begin : token(s).begin;
      if (s == 0 && paren && prefix >= 1 && is_word(prefix - 1, "1")) {
        begin = tokens_[prefix - 1].begin;
        if (prefix >= 2 && is_punct(tokens_[prefix - 2], '+') && !tokens_[prefix - 1].space_before) {
          begin = tokens_[prefix - 2].begin;
        }
      }
      phone(begin, s, s + 2, value(s));
      return 3;
    }
    // "412-55-7819".
    if (shaped(s, {3, 2, 4}) && separator(s + 1) == '-' && separator(s + 2) == '-' && open_after(s + 2) &&
        open_before(s)) {
      add(PhiKind::kSocialSecurityNumber, token(s).begin, token(s + 2).stem_end, kRankSsn);
      return 3;
    }
    // "3/14/1962", "03-14-62", "12.05.1939" (month or day first), "2024-02-11".
    if (s + 3 <= count && digits(s) <= 2 && digits(s + 1) <= 2 &&
        (digits(s + 2) == 2 || digits(s + 2) == 4) && separator(s + 1) == separator(s + 2) &&
        (separator(s + 1) == '/' || separator(s + 1) == '-' || separator(s + 1) == '.') &&
        open_after(s + 2) && open_before(s) &&
        (is_day_month(value(s), value(s + 1)) || is_day_month(value(s + 1), value(s))) &&
        (digits(s + 2) == 2 || (value(s + 2) >= 1880 && value(s + 2) <= 2099))) {
      date(s, s + 2, DateShape::kDayMonthYear);
      return 3;
    }
    if (shaped(s, {4, 2, 2}) && separator(s + 1) == '-' && separator(s + 2) == '-' && open_before(s) &&
        open_after(s + 2) && value(s) >= 1880 && value(s) <= 2099 &&
        is_day_month(value(s + 1), value(s + 2))) {
      date(s, s + 2, DateShape::kDayMonthYear);
      return 3;
    }
    // "555-4187": a local number, unless it is a range of quantities ("250-1000 mL").
    if (shaped(s, {3, 4}) && separator(s + 1) == '-' && open_before(s) && open_after(s + 1) &&
        token(s).stem[0] >= '2' &&
        !(has(groups[s + 1] + 1, kQuantityUnit) && same_sentence(groups[s + 1], groups[s + 1] + 1))) {
      phone(token(s).begin, s, s + 1, 0);
      return 2;
    }
    // "11/02": US month/day. Also the shape of fractions and scores, so
    // consider_date asks more of its context.
    if (s + 2 <= count && digits(s) <= 2 && digits(s + 1) <= 2 && separator(s + 1) == '/' && open_before(s) &&
        open_after(s + 1) && is_day_month(value(s), value(s + 1)) && !is_word(groups[s + 1] + 1, "of")) {
      date(s, s + 1, DateShape::kDayMonth);
      return 2;
    }
    // A number on its own.
    if (open_before(s) && open_after(s)) {
      const std::size_t n = digits(s);
      if (n == 10 || (n == 11 && token(s).stem[0] == '1')) {
        const std::string_view stem = token(s).stem;
        phone(token(s).begin, s, s, number_value(stem.substr(n == 11 ? 1 : 0, 3)));
        return 1;
      }
      const bool money = first_token > 0 && (is_punct(tokens_[first_token - 1], '$') ||
                                             is_punct(tokens_[first_token - 1], 0x20AC) ||
                                             is_punct(tokens_[first_token - 1], 0xA3));
      // Seven or more digits with no other shape are a record number more
      // often than anything else staff would write.
      if (n >= 7 && !money) {
        add(PhiKind::kRecordNumber, token(s).begin, token(s).stem_end, kRankRecord);
        return 1;
      }
    }
    return 0;
  };

  std::size_t s = 0;
  while (s < count) {
    const std::size_t used = match_at(s);
    s += used > 0 ? used : 1;
  }
}

// "MRN4482917", "MRN A1234567", "acct: B-7730215" (the letter part glued on).
void Scan::scan_mixed_records() {
  for (std::size_t i = 0; i < tokens_.size(); ++i) {
    const Token& token = tokens_[i];
    if (token.kind != TokenKind::kMixed || token.digits < 4 || is_ordinal(token)) continue;
    const std::size_t first_digit = token.stem.find_first_of("0123456789");
    const std::string_view prefix = std::string_view(token.stem).substr(0, first_digit);
    const bool digits_after_prefix =
        token.stem.find_first_not_of("0123456789", first_digit) == std::string::npos;
    const bool keyword_prefix = digits_after_prefix && (lookup(prefix) & kRecordKeyword) != 0;
    if (keyword_prefix || keyword_before(i, Keyword::kRecord, 3)) {
      add(PhiKind::kRecordNumber, token.begin, token.stem_end, kRankRecord);
    }
  }
}

// Dates with a month name: "Nov 2", "January 15th", "February 9, 1947",
// "the 3rd of March", "March 1962".
void Scan::scan_month_dates() {
  const auto day_at = [&](std::size_t i) {
    if (!valid(i)) return false;
    const Token& token = tokens_[i];
    if (token.kind == TokenKind::kNumber) {
      const std::uint64_t day = number_value(token.stem);
      return token.digits <= 2 && day >= 1 && day <= 31;
    }
    if (!is_ordinal(token)) return false;
    const std::uint64_t day = number_value(token.stem);
    return day >= 1 && day <= 31;
  };
  const auto year_at = [&](std::size_t i) {
    if (!valid(i) || tokens_[i].kind != TokenKind::kNumber || tokens_[i].digits != 4) return false;
    const std::uint64_t year = number_value(tokens_[i].stem);
    return year >= 1880 && year <= 2099;
  };
  for (std::size_t i = 0; i < tokens_.size(); ++i) {
    const Token& month = tokens_[i];
    if (month.kind != TokenKind::kWord || (month.bits & kMonth) == 0) continue;
    // "may" and "march" are also a verb; as months they are capitalised.
    if ((month.stem == "may" || month.stem == "march" || month.stem == "mar") &&
        month.shape != LetterShape::kCapitalized) {
      continue;
    }
    std::size_t j = i + 1;
    if (valid(j) && is_punct(tokens_[j], '.') && !tokens_[j].space_before) ++j;
    if (day_at(j) && same_sentence(i, j) && !(has(j + 1, kQuantityUnit) && same_sentence(j, j + 1))) {
      std::size_t last = j;
      if (valid(j + 2) && is_punct(tokens_[j + 1], ',') && year_at(j + 2)) {
        last = j + 2;
      } else if (year_at(j + 1)) {
        last = j + 1;
      }
      consider_date(i, last, DateShape::kDayMonthYear);
      i = last;
      continue;
    }
    if (year_at(j) && same_sentence(i, j)) {
      consider_date(i, j, DateShape::kMonthYear);
      i = j;
      continue;
    }
    // "the 3rd of March", "2 Nov 1962".
    std::size_t k = i;
    if (k >= 1 && is_word(k - 1, "of")) --k;
    if (k >= 1 && day_at(k - 1) && same_sentence(k - 1, i) &&
        (tokens_[k - 1].kind != TokenKind::kNumber || k == i)) {
      const std::size_t last = year_at(i + 1) ? i + 1 : i;
      consider_date(k - 1, last, DateShape::kDayMonthYear);
      i = last;
    }
  }
}

// A date is a finding only near words that make it a patient's date of birth,
// admission or discharge; a meeting on 11/24 is not.
void Scan::consider_date(std::size_t first, std::size_t last, DateShape shape) {
  const auto add_date = [&] {
    add(PhiKind::kDateOfBirth, tokens_[first].begin, tokens_[last].stem_end, kRankDate);
  };
  if (window_has(first, last, 6, 4, kDobWord)) return add_date();
  const bool patient = window_has(first, last, 8, 4, kPatientWord);
  const std::size_t from = first >= 6 ? first - 6 : 0;
  const std::size_t to = std::min(tokens_.size(), last + 5);
  for (std::size_t j = from; j < to; ++j) {
    if (tokens_[j].sentence < tokens_[first].sentence || tokens_[j].sentence > tokens_[last].sentence)
      continue;
    if ((tokens_[j].bits & kBornWord) != 0 && (patient || !own_family_before(j))) return add_date();
  }
  if (shape == DateShape::kMonthYear) return;
  const bool admission = window_has(first, last, 10, 3, kAdmitWord);
  if (shape == DateShape::kDayMonth) {
    const bool introduced = first > 0 && has(first - 1, kDatePreposition);
    if (admission || (patient && introduced)) add_date();
    return;
  }
  if (admission || patient) add_date();
}

// "bed 12", "rm 4B", "room #618", "Bay 5B", "stretcher 8".
void Scan::scan_rooms() {
  const auto room_like_mixed = [](const Token& token) {
    if (token.kind != TokenKind::kMixed || token.stem.size() > 6 || token.letters > 2) return false;
    const std::size_t first_digit = token.stem.find_first_of("0123456789");
    const std::size_t last_digit = token.stem.find_last_of("0123456789");
    const std::string_view stem = token.stem;
    const std::string_view letters =
        first_digit == 0 ? stem.substr(last_digit + 1) : stem.substr(0, first_digit);
    // Letters only at one end: "4b", "22a", "b4".
    if (stem.substr(first_digit, last_digit - first_digit + 1).find_first_not_of("0123456789") !=
        std::string_view::npos) {
      return false;
    }
    return (lookup(letters) & kQuantityUnit) == 0 && !is_ordinal(token) && letters != "s" && letters != "x" &&
           letters != "k";
  };
  for (std::size_t i = 0; i < tokens_.size(); ++i) {
    const Token& keyword = tokens_[i];
    if (keyword.kind != TokenKind::kWord || (keyword.bits & kRoomKeyword) == 0) continue;
    if (i > 0 && same_sentence(i - 1, i) && has(i - 1, kRoomQualifier)) continue;  // "conference room 2"
    std::size_t j = i + 1;
    for (int fillers = 0; fillers < 2 && valid(j); ++fillers) {
      const Token& token = tokens_[j];
      const bool filler =
          token.kind == TokenKind::kPunct
              ? (token.punct == '#' || token.punct == ':' || is_dash(token.punct) || token.punct == '.')
              : (token.stem == "no" || token.stem == "number" || token.stem == "num");
      if (!filler) break;
      ++j;
    }
    if (!valid(j) || !same_sentence(i, j)) continue;
    const Token& number = tokens_[j];
    if (!((number.kind == TokenKind::kNumber && number.digits <= 5) || room_like_mixed(number))) continue;
    const std::size_t k = j + 1;
    if (valid(k) && same_sentence(j, k)) {
      if (has(k, kQuantityUnit)) continue;  // "went to bed 2 hours after"
      const bool glued =
          !tokens_[k].space_before && valid(k + 1) && tokens_[k + 1].kind == TokenKind::kNumber;
      if (glued && (is_punct(tokens_[k], ':') || is_punct(tokens_[k], '.') || is_punct(tokens_[k], '/')))
        continue;
      // "Rooms 401-410 are being renovated": a range of rooms is a place.
      if (glued && is_dash(tokens_[k].punct) && keyword.stem.back() == 's') continue;
    }
    // "The group meets in Room 2104": a meeting place, unless patients are mentioned.
    if (window_has(i, j, 8, 6, kEventWord) && !window_has(i, j, 10, 10, kPatientWord | kClinical)) continue;
    add(PhiKind::kRoomOrBed, keyword.begin, number.stem_end, kRankRoom);
  }
}

// "Mr. Jones in 12 with sepsis", "the lady in 7 who…": a room given as a bare
// number, only next to a patient or clinical word.
void Scan::scan_in_number_rooms() {
  for (std::size_t i = 0; i + 1 < tokens_.size(); ++i) {
    if (!is_word(i, "in")) continue;
    const std::size_t j = i + 1;
    const Token& number = tokens_[j];
    if (number.kind != TokenKind::kNumber || number.digits > 3 || !number.space_before ||
        !same_sentence(i, j) || number_value(number.stem) == 0) {
      continue;
    }
    const std::size_t k = j + 1;
    bool ends_phrase = !valid(k) || !same_sentence(j, k) || has(k, kAfterRoomNumber);
    if (!ends_phrase && tokens_[k].kind == TokenKind::kPunct) {
      const char32_t c = tokens_[k].punct;
      const bool glued_number =
          !tokens_[k].space_before && valid(k + 1) && tokens_[k + 1].kind == TokenKind::kNumber;
      ends_phrase = (c == ',' || c == ';' || c == '!' || c == '?' || c == ')' || c == '.') && !glued_number;
    }
    if (!ends_phrase) continue;
    const bool person_before = i > 0 && has(i - 1, kPersonNoun);
    if (person_before || window_has(i, j, 10, 8, kPatientWord | kClinical | kHonorific)) {
      add(PhiKind::kRoomOrBed, number.begin, number.stem_end, kRankRoom);
    }
  }
}

// "Mr. Jones", "Mrs Patel's", "Ms. Nguyễn", "mr hawkins", "Mr. K" near clinical words.
void Scan::scan_honorific_names() {
  for (std::size_t i = 0; i < tokens_.size(); ++i) {
    const Token& honorific = tokens_[i];
    if (honorific.kind != TokenKind::kWord || (honorific.bits & kHonorific) == 0) continue;
    if (honorific.shape == LetterShape::kAllCaps) continue;
    const bool needs_capital = honorific.stem == "ms" || honorific.stem == "miss" || honorific.stem == "mx";
    if (needs_capital && honorific.shape != LetterShape::kCapitalized) continue;  // "ms" is also a diagnosis
    std::size_t j = i + 1;
    if (valid(j) && is_punct(tokens_[j], '.') && !tokens_[j].space_before) ++j;
    if (!valid(j) || !same_sentence(i, j) || tokens_[j].kind != TokenKind::kWord) continue;
    const Token& name = tokens_[j];
    const bool lower_case_name = honorific.shape != LetterShape::kCapitalized &&
                                 name.shape == LetterShape::kOther && name.letters >= 2 &&
                                 (name.bits & (kNameStop | kClinical | kMonth | kWeekday | kFamilyWord)) == 0;
    if (!is_capitalized_name(j) && !lower_case_name) continue;
    std::size_t last = j;
    if (!name.possessive && valid(j + 1) && tokens_[j + 1].space_before && same_sentence(j, j + 1) &&
        is_capitalized_name(j + 1)) {
      last = j + 1;
    }
    const bool in_room =
        is_word(last + 1, "in") && valid(last + 2) && tokens_[last + 2].kind == TokenKind::kNumber;
    // "Mr. Haddad's wife held my hand": in a hospital, the family of a
    // Mr or Mrs is a patient's family.
    const bool family =
        tokens_[last].possessive && has(last + 1, kFamilyWord) && same_sentence(last, last + 1);
    if (in_room || family ||
        window_has(i, last, 12, 16, kPatientWord | kClinical | kRoomKeyword | kAdmitWord)) {
      add(PhiKind::kPatientName, honorific.begin, tokens_[last].stem_end, kRankName);
    }
  }
}

// "patient John Smith", "my pt Kevin Tran", "The pt, Dorothy Reyes,",
// "Patient name was Harold Finch".
void Scan::scan_patient_word_names() {
  for (std::size_t i = 0; i < tokens_.size(); ++i) {
    if (!has(i, kPatientWord)) continue;
    std::size_t j = i + 1;
    for (int skipped = 0; skipped < 3 && valid(j) && same_sentence(i, j); ++skipped) {
      const Token& token = tokens_[j];
      if (is_punct(token, ',') || is_punct(token, ':') || is_punct(token, '(')) {
        ++j;
      } else if ((token.bits & kNameFiller) != 0) {
        ++j;
        if (is_word(j, "was") || is_word(j, "is")) ++j;
      } else {
        break;
      }
    }
    if (!valid(j) || !same_sentence(i, j) || !is_capitalized_name(j) || tokens_[j].letters < 2) continue;
    // "Patient Relations Office" in title case is a department.
    const bool sentence_start = i == 0 || tokens_[i - 1].sentence != tokens_[i].sentence;
    if (tokens_[i].shape == LetterShape::kCapitalized && j == i + 1 && !sentence_start) continue;
    std::size_t last = j;
    if (!tokens_[j].possessive && valid(j + 1) && tokens_[j + 1].space_before && same_sentence(j, j + 1) &&
        is_capitalized_name(j + 1) && tokens_[j + 1].letters >= 2) {
      last = j + 1;
    }
    add(PhiKind::kPatientName, tokens_[j].begin, tokens_[last].stem_end, kRankName);
  }
}

// "Samuel Ortiz coded twice", "Grace Whitfield was admitted again",
// "Grace Whitfield's chemo": a first and last name with a clinical verb or noun.
void Scan::scan_full_names() {
  for (std::size_t i = 0; i + 1 < tokens_.size(); ++i) {
    const std::size_t j = i + 1;
    if (!is_capitalized_name(i) || !is_capitalized_name(j) || tokens_[i].letters < 2 ||
        tokens_[j].letters < 2 || !tokens_[j].space_before || !same_sentence(i, j) || tokens_[i].possessive) {
      continue;
    }
    if (i > 0 && same_sentence(i - 1, i)) {
      const Token& before = tokens_[i - 1];
      // Part of a longer title ("Employee Assistance Program"), or a doctor.
      if (before.shape == LetterShape::kCapitalized || (before.bits & kHonorific) != 0 ||
          before.stem == "dr") {
        continue;
      }
      if (is_punct(before, '.') && i >= 2 && (is_word(i - 2, "dr") || has(i - 2, kHonorific))) continue;
    }
    bool clinical = false;
    if (tokens_[j].possessive) {
      clinical = has(j + 1, kClinical) && same_sentence(j, j + 1);
    } else {
      std::size_t k = j + 1;
      for (int skipped = 0; skipped < 3 && has(k, kVerbFiller) && same_sentence(j, k); ++skipped) ++k;
      clinical = has(k, kStrongClinicalVerb) && same_sentence(j, k);
    }
    if (clinical) add(PhiKind::kPatientName, tokens_[i].begin, tokens_[j].stem_end, kRankName);
  }
}

std::vector<PhiFinding> Scan::run() {
  emails_ = find_emails(text_);
  tokens_ = tokenize(text_, emails_);
  annotate(tokens_);
  scan_site_patterns();
  scan_emails();
  scan_numbers();
  scan_mixed_records();
  scan_month_dates();
  scan_rooms();
  scan_in_number_rooms();
  scan_honorific_names();
  scan_patient_word_names();
  scan_full_names();

  // Higher-priority candidates first; a candidate overlapping one already
  // taken is dropped.
  std::stable_sort(candidates_.begin(), candidates_.end(), [](const Candidate& a, const Candidate& b) {
    return a.rank != b.rank ? a.rank < b.rank : a.begin < b.begin;
  });
  std::map<std::size_t, Candidate> taken;  // by begin
  for (const auto& candidate : candidates_) {
    auto after = taken.lower_bound(candidate.end);
    if (after != taken.begin() && std::prev(after)->second.end > candidate.begin) continue;
    taken.emplace(candidate.begin, candidate);
  }
  std::vector<PhiFinding> findings;
  findings.reserve(taken.size());
  for (const auto& [begin, candidate] : taken) findings.push_back({candidate.kind, begin, candidate.end});
  return findings;
}

}  // namespace

PhiChecker::PhiChecker(PhiCheckerOptions options) : options_(std::move(options)) {
  auto compiled = std::make_shared<Compiled>();
  for (const auto& pattern : options_.record_number_patterns) {
    if (pattern.empty()) {
      throw Error::bad_request("A record number pattern is empty.",
                               "safety: record_number_patterns holds an empty pattern");
    }
    try {
      compiled->record_patterns.emplace_back(pattern, std::regex::ECMAScript | std::regex::optimize);
    } catch (const std::regex_error& error) {
      throw Error::bad_request(
          "The record number pattern \"" + pattern + "\" is not a valid regular expression.",
          "safety: record_number_patterns entry \"" + pattern + "\" does not compile: " + error.what());
    }
  }
  for (const auto& domain : options_.staff_email_domains) {
    std::string lower;
    for (char c : domain) lower.push_back(ascii_lower(c));
    while (!lower.empty() && (lower.front() == '@' || lower.front() == '.')) lower.erase(0, 1);
    while (!lower.empty() && lower.back() == '.') lower.pop_back();
    if (!lower.empty()) compiled->staff_domains.push_back(std::move(lower));
  }
  compiled_ = std::move(compiled);
}

std::vector<PhiFinding> PhiChecker::check(std::string_view text) const {
  if (text.empty()) return {};
  Scan scan(text, compiled_->record_patterns, compiled_->staff_domains);
  return scan.run();
}

}  // namespace hearth::safety
