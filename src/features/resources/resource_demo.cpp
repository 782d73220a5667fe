#include "features/resources/resource_demo.h"

#include <vector>

#include "features/resources/resource_form.h"
#include "storage/database.h"

namespace hearth::features::resources {
namespace {

ResourceDraft entry(Category category, Reach reach, const char* name, const char* summary,
                    const char* details, const char* audience, const char* phone, const char* text_line,
                    const char* hours, const char* place, const char* url, const char* confidentiality) {
  ResourceDraft draft;
  draft.name = name;
  draft.slug = slug_from_name(name);
  draft.category = category;
  draft.reach = reach;
  draft.summary = summary;
  draft.details = details;
  draft.audience = audience;
  draft.phone = phone;
  draft.text_line = text_line;
  draft.hours = hours;
  draft.place = place;
  draft.url = url;
  draft.confidentiality = confidentiality;
  return draft;
}

std::vector<ResourceDraft> demo_entries() {
  constexpr auto kOnSite = Reach::kOnSite;
  constexpr auto kRemote = Reach::kRemote;
  constexpr auto kEveryone = "Anyone, including family members and people who are not staff.";
  constexpr auto kAllStaff = "All hospital staff, including contract, agency and bank staff.";
  return {
      entry(Category::kCrisis, kRemote, "988 Suicide & Crisis Lifeline",
            "Talk or text with a trained crisis counsellor, any time, about anything that feels too much.",
            "Call or text 988, or chat online. You can call about yourself or about someone you are worried "
            "about. Counsellors listen, help you through the moment and can connect you with local help.",
            kEveryone, "988", "Text 988", "24/7", "", "https://988lifeline.org/",
            "Free and confidential. You don't have to give your name."),
      entry(Category::kCrisis, kRemote, "Crisis Text Line",
            "Text with a trained volunteer crisis counsellor when talking out loud isn't possible.",
            "Useful on a break or on a ward where you can't make a call. A volunteer answers within minutes "
            "and stays with you until you feel calmer.",
            kEveryone, "", "Text HOME to 741741", "24/7", "", "https://www.crisistextline.org/",
            "Free and confidential. Your texts are not shared with the hospital."),
      entry(Category::kCrisis, kRemote, "Veterans Crisis Line",
            "Crisis support for veterans, service members and their families.",
            "Dial 988 and press 1, or text 838255. Many responders are veterans themselves.",
            "Veterans, service members, National Guard and Reserve members and their families.", "988",
            "Text 838255", "24/7", "", "https://www.veteranscrisisline.net/",
            "Free and confidential, whether or not you are enrolled with VA."),
      entry(Category::kEap, kRemote, "EAP counselling sessions",
            "Free short-term counselling with a licensed counsellor, by phone, video or in person.",
            "Up to six sessions per issue each year: stress, burnout, anxiety, low mood, relationships, "
            "alcohol or drug use, a difficult case at work.\n"
            "Call to be matched with a counsellor; most people are offered a first session within a week.",
            "All staff and the people they live with.", "1-800-555-0100", "", "24/7", "",
            "https://eap.riverside-general.example/counselling",
            "Run by an outside company. Your manager and HR are not told that you called, and nothing goes "
            "in your personnel file."),
      entry(Category::kEap, kRemote, "EAP legal and financial consultations",
            "A free 30-minute consultation with a lawyer or a financial counsellor.",
            "Debt, budgeting, student loans, tax questions, wills, family law, landlord problems. Reduced "
            "fees if you then want the lawyer to act for you.",
            "All staff and the people they live with.", "1-800-555-0100 ext. 2", "", "Mon–Fri 8:00–20:00", "",
            "https://eap.riverside-general.example/legal-financial",
            "Confidential. The hospital only sees how many consultations were used, never by whom."),
      entry(Category::kEap, kRemote, "EAP work-life services",
            "Help finding childcare, eldercare, pet care and other services around your shifts.",
            "A work-life specialist searches for you and sends a short list of providers who have space, "
            "including ones that cover nights and weekends.",
            "All staff.", "1-800-555-0100 ext. 3", "", "Mon–Fri 8:00–20:00", "",
            "https://eap.riverside-general.example/work-life", "Confidential, as every EAP service."),
      entry(Category::kCounselling, kOnSite, "Staff psychology service",
            "Confidential psychological support at the hospital, after a difficult event or over time.",
            "Psychologists who know hospital work. Refer yourself: no manager or GP referral needed. Team "
            "debriefs after critical incidents can be arranged through the same number.",
            kAllStaff, "555-0142", "", "Mon–Fri 8:00–18:00", "Staff Health building, level 3", "",
            "Notes are kept by the service and are not shared with your manager."),
      entry(
          Category::kPeerSupport, kOnSite, "Peer support program",
          "A conversation with a trained colleague after a hard shift, an adverse event or a difficult time.",
          "Peer supporters are nurses, doctors, therapists and other staff trained to listen. Ask for a "
          "conversation on this site (Get help now, then \"Talk to a peer supporter\") or call the "
          "program line; you can ask for someone from outside your department.\n"
          "Peer support is not crisis care or therapy; supporters can help you find both.",
          kAllStaff, "555-0199", "", "Requests answered within one working day", "Wherever suits you", "",
          "Supporters keep no notes. What you say stays between you, except where someone is at "
          "serious risk."),
      entry(Category::kChaplaincy, kOnSite, "Chaplaincy and spiritual care",
            "Chaplains of many faiths, and none, for staff as well as patients.",
            "A quiet word, a prayer, a blessing, or simply someone to sit with after a death. Chaplains can "
            "put you in touch with a leader of your own faith.",
            kAllStaff, "555-0110", "", "24/7 (on call through the switchboard at night)",
            "Interfaith chapel, main building, level 1", "",
            "Chaplains keep what you tell them confidential."),
      entry(Category::kGrief, kOnSite, "Staff bereavement support",
            "Support after the death of a patient, a colleague or someone close to you.",
            "One-to-one time with a chaplain or counsellor, and a monthly remembrance gathering. Teams can "
            "ask for a debrief after a death that affected them.",
            kAllStaff, "555-0110", "", "Gatherings on the first Thursday of each month, 12:30",
            "Chaplaincy office, main building, level 1", "", "Nothing is recorded about who attends."),
      entry(Category::kGrief, kRemote, "Riverside Hospice bereavement line",
            "Telephone support for anyone grieving, from the local hospice's trained volunteers.",
            "Regular calls with the same volunteer, and small grief groups in the community.", kEveryone,
            "555-0177", "", "Mon–Sat 9:00–21:00", "", "https://riversidehospice.example/grief",
            "Confidential and free. The hospice does not contact your employer."),
      entry(Category::kOccupationalHealth, kOnSite, "Occupational health",
            "Health advice about your work: adjustments, returning after illness, injuries at work.",
            "Confidential appointments with occupational health nurses and physicians. They can talk through "
            "adjustments for a health condition before anything goes to your manager.",
            kAllStaff, "555-0130", "", "Mon–Fri 7:30–16:00", "Staff Health building, ground floor",
            "https://intranet.riverside-general.example/occupational-health",
            "Occupational health records are kept apart from your personnel file. Your manager is told only "
            "what you agree to."),
      entry(Category::kQuietRooms, kOnSite, "Quiet room, main building",
            "A calm, dim room to sit, breathe or cry for a few minutes, away from patients and the public.",
            "Comfortable chairs, soft lighting, water and tissues. Please keep it phone-free.", kAllStaff, "",
            "", "24/7 (staff badge)", "Main building, level 2, next to the chapel", "",
            "No sign-in and no cameras inside."),
      entry(Category::kQuietRooms, kOnSite, "Quiet room, women's and children's wing",
            "A small staff-only room for a moment of calm on the busiest wing.",
            "Reclining chair, blanket and a sensory box. Knock first: if the door is closed, it is in use.",
            kAllStaff, "", "", "24/7 (staff badge)", "Women's and children's wing, level 4", "",
            "No sign-in and no cameras inside."),
      entry(Category::kWellness, kOnSite, "Mindfulness drop-in",
            "A 20-minute guided breathing and mindfulness session you can join in scrubs.",
            "No experience needed. Stay for all of it or slip out when your pager goes.", kAllStaff, "", "",
            "Tuesdays and Thursdays, 12:15 and 19:15", "Wellbeing hub, education centre, room 2", "",
            "Nobody takes a register."),
      entry(
          Category::kWellness, kOnSite, "Schwartz Rounds",
          "A monthly hour where staff share the emotional side of caring for patients.",
          "A panel of colleagues tells a story from their work; then everyone can reflect together. Lunch is "
          "provided. Clinical and non-clinical staff alike are welcome.",
          kAllStaff, "", "", "Last Wednesday of each month, 12:30–13:30", "Education centre, lecture theatre",
          "", "What is said in the room stays in the room."),
      entry(
          Category::kMoneyAndLegal, kRemote, "Staff hardship fund",
          "Small grants for staff facing an unexpected bill or a sudden drop in income.",
          "One-off grants of up to $500, decided within a week. Apply by phone or online; you don't have to "
          "explain more than you want to.",
          kAllStaff, "555-0155", "", "Mon–Fri 9:00–17:00", "",
          "https://intranet.riverside-general.example/hardship-fund",
          "Applications are seen by the fund's two assessors only, not by your manager."),
      entry(
          Category::kHelplines, kRemote, "Physician Support Line",
          "Free, confidential peer support from volunteer psychiatrists for physicians and medical students.",
          "No appointment needed. Call to talk through anything: a bad outcome, burnout, a complaint, life "
          "outside medicine.",
          "Physicians and medical students.", "1-888-409-0141", "", "Mon–Fri 8:00–01:00 (Eastern)", "",
          "https://www.physiciansupportline.com/", "Anonymous and confidential; no records are kept."),
      entry(Category::kHelplines, kRemote, "State nurses' wellbeing line",
            "Confidential support for nurses from nurses, run by the state nurses association.",
            "Listening, practical advice and referrals for stress, moral distress and substance use.",
            "Nurses, nursing students and nursing assistants.", "1-800-555-0188", "", "Daily 7:00–23:00", "",
            "https://nurses-association.example/wellbeing",
            "Calls are not reported to the nursing board or to your employer."),
  };
}

}  // namespace

void seed_demo_resources(ResourceStore& store, std::int64_t now) {
  if (!store.all().empty()) return;
  auto& database = store.connection();
  storage::Transaction transaction(database);
  for (const auto& draft : demo_entries()) store.insert(draft, now);
  transaction.commit();
}

}  // namespace hearth::features::resources
