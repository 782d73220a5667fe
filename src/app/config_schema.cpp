// The configuration schema: one table of every key, with its default, help
// text and validation. It drives load_config(), `hearth check-config` and the
// generated installer/hearth.toml.example (a test fails if that file drifts).
#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <fstream>
#include <functional>
#include <sstream>
#include <variant>

#include "app/config.h"
#include "calendar/time_zone.h"
#include "common/error.h"
#include "common/text.h"
#include "features/admin/setting_rules.h"
#include "http/trusted_proxy.h"
#include "mail/message.h"

namespace hearth::app {
namespace {

using StringList = std::vector<std::string>;
using Value = std::variant<std::string, std::int64_t, bool, StringList>;

enum class ValueType { kString, kInteger, kBoolean, kStringList };

struct ConfigKey {
  std::string_view section;
  std::string_view name;
  ValueType type;
  Value default_value;
  std::string_view help;
  std::string_view example;  // shown in the example file instead of the default, when set
  std::int64_t minimum = 0;  // integers only
  std::int64_t maximum = 0;
  std::vector<std::string_view> choices;  // strings only; empty: any
  std::function<void(Config&, const Value&)> apply;
};

std::string full_name(const ConfigKey& key) {
  return fmt::format("{}.{}", key.section, key.name);
}

const std::string& as_string(const Value& value) {
  return std::get<std::string>(value);
}
std::int64_t as_integer(const Value& value) {
  return std::get<std::int64_t>(value);
}
int as_int(const Value& value) {
  return static_cast<int>(std::get<std::int64_t>(value));
}
bool as_bool(const Value& value) {
  return std::get<bool>(value);
}
const StringList& as_list(const Value& value) {
  return std::get<StringList>(value);
}

log::Level parse_level(const std::string& text) {
  if (text == "debug") return log::Level::kDebug;
  if (text == "warning") return log::Level::kWarning;
  if (text == "error") return log::Level::kError;
  return log::Level::kInfo;
}

auth::GroupLookup parse_group_lookup(const std::string& text) {
  if (text == "search") return auth::GroupLookup::kSearch;
  if (text == "ad_in_chain") return auth::GroupLookup::kAdInChain;
  return auth::GroupLookup::kMemberOf;
}

// clang-format off
const std::vector<ConfigKey>& schema() {
  static const std::vector<ConfigKey> keys = {
    // [server]
    {"server", "listen_address", ValueType::kString, std::string("127.0.0.1"),
     "Address to listen on. Use 0.0.0.0 to accept connections from other machines, or keep 127.0.0.1 behind a reverse proxy.",
     {}, 0, 0, {}, [](Config& c, const Value& v) { c.server.listen_address = as_string(v); }},
    {"server", "port", ValueType::kInteger, std::int64_t{8080}, "TCP port to listen on.",
     {}, 1, 65535, {}, [](Config& c, const Value& v) { c.server.port = as_int(v); }},
    {"server", "threads", ValueType::kInteger, std::int64_t{64},
     "Worker threads. Each open keep-alive connection holds one thread until it closes, so this is the number of "
     "browsers served at once; idle threads cost little memory.",
     {}, 1, 256, {}, [](Config& c, const Value& v) { c.server.threads = as_int(v); }},
    {"server", "work_slots", ValueType::kInteger, std::int64_t{0},
     "Requests worked on at once (reading the database and building the page); the others wait their turn, "
     "so memory under load grows with this number, not with the connections. 0: four per CPU. Static files "
     "and health checks never wait.",
     {}, 0, 1024, {}, [](Config& c, const Value& v) { c.server.work_slots = as_int(v); }},
    {"server", "keep_alive_max_requests", ValueType::kInteger, std::int64_t{100},
     "Requests served on one keep-alive connection before it is closed.",
     {}, 1, 100000, {}, [](Config& c, const Value& v) { c.server.keep_alive_max_requests = as_int(v); }},
    {"server", "keep_alive_timeout_seconds", ValueType::kInteger, std::int64_t{2},
     "Seconds an idle keep-alive connection may hold a worker thread.",
     {}, 1, 300, {}, [](Config& c, const Value& v) { c.server.keep_alive_timeout_seconds = as_int(v); }},
    {"server", "read_timeout_seconds", ValueType::kInteger, std::int64_t{10},
     "Seconds to wait for a client to send its request before giving up.",
     {}, 1, 300, {}, [](Config& c, const Value& v) { c.server.read_timeout_seconds = as_int(v); }},
    {"server", "write_timeout_seconds", ValueType::kInteger, std::int64_t{10},
     "Seconds to wait for a client to accept the response before giving up.",
     {}, 1, 300, {}, [](Config& c, const Value& v) { c.server.write_timeout_seconds = as_int(v); }},
    {"server", "max_body_bytes", ValueType::kInteger, std::int64_t{1048576},
     "Largest request body accepted; larger requests get 413.",
     {}, 1024, 64 * 1024 * 1024, {}, [](Config& c, const Value& v) { c.server.max_body_bytes = static_cast<std::size_t>(as_integer(v)); }},
    {"server", "public_url", ValueType::kString, std::string(""),
     "The address people use, e.g. https://hearth.hospital.example. With https, cookies are marked Secure and HSTS is sent.",
     "https://hearth.hospital.example", 0, 0, {}, [](Config& c, const Value& v) { c.public_url = as_string(v); }},
    {"server", "tls_certificate_file", ValueType::kString, std::string(""),
     "PEM certificate chain for serving HTTPS directly. Leave empty behind a reverse proxy.",
     {}, 0, 0, {}, [](Config& c, const Value& v) { c.server.tls_certificate_file = as_string(v); }},
    {"server", "tls_private_key_file", ValueType::kString, std::string(""),
     "PEM private key matching tls_certificate_file.",
     {}, 0, 0, {}, [](Config& c, const Value& v) { c.server.tls_private_key_file = as_string(v); }},
    {"server", "redirect_http_port", ValueType::kInteger, std::int64_t{0},
     "With tls_certificate_file set: also listen for plain HTTP on this port and answer every request with a permanent redirect (308) to the same address on public_url, which must then be https://. 0 turns it off.",
     {}, 0, 65535, {}, [](Config& c, const Value& v) { c.redirect_http_port = as_int(v); }},
    {"server", "trusted_proxies", ValueType::kStringList, StringList{},
     "Reverse proxies in front of Hearth (addresses or networks such as 127.0.0.1 or 10.0.5.0/24). Only for requests from these addresses are X-Forwarded-For (the client address used for sign-in throttling and /metrics access) and X-Forwarded-Proto (https: Secure cookies and HSTS) believed; the rightmost address in X-Forwarded-For that is not a listed proxy is the client. Empty: the headers are ignored.",
     R"(["127.0.0.1", "::1"])", 0, 0, {}, [](Config& c, const Value& v) { c.trusted_proxies = as_list(v); }},
    {"server", "web_root", ValueType::kString, std::string(""),
     "Development only: serve templates and static files from this folder (the repository's web/) instead of the copy built into the binary.",
     {}, 0, 0, {}, [](Config& c, const Value& v) { c.web_root = as_string(v); }},

    // [storage]
    {"storage", "data_directory", ValueType::kString, std::string("/var/lib/hearth"),
     "Folder for the database (hearth.db) and its snapshots. Must be writable by the service.",
     {}, 0, 0, {}, [](Config& c, const Value& v) { c.data_directory = as_string(v); }},

    // [site]
    {"site", "name", ValueType::kString, std::string("Hearth"), "Name shown in the header and page titles.",
     {}, 0, 0, {}, [](Config& c, const Value& v) { c.site.name = as_string(v); }},
    {"site", "time_zone", ValueType::kString, std::string("America/New_York"),
     "The hospital's time zone (IANA name), used for meeting and event times.",
     {}, 0, 0, {}, [](Config& c, const Value& v) { c.site.time_zone = as_string(v); }},
    {"site", "crisis_name", ValueType::kString, std::string("988 Suicide & Crisis Lifeline"),
     "Name of the crisis line shown on every page and on the help page.",
     {}, 0, 0, {}, [](Config& c, const Value& v) { c.site.crisis_name = as_string(v); }},
    {"site", "crisis_phone", ValueType::kString, std::string("988"), "Phone number of the crisis line.",
     {}, 0, 0, {}, [](Config& c, const Value& v) { c.site.crisis_phone = as_string(v); }},
    {"site", "crisis_text", ValueType::kString, std::string("Text 988"), "How to reach the crisis line by text message (empty to hide).",
     {}, 0, 0, {}, [](Config& c, const Value& v) { c.site.crisis_text = as_string(v); }},
    {"site", "emergency_number", ValueType::kString, std::string("911"), "Emergency number for immediate danger.",
     {}, 0, 0, {}, [](Config& c, const Value& v) { c.site.emergency_number = as_string(v); }},
    {"site", "eap_name", ValueType::kString, std::string("Employee Assistance Program"), "Name of the hospital's EAP.",
     {}, 0, 0, {}, [](Config& c, const Value& v) { c.site.eap_name = as_string(v); }},
    {"site", "eap_phone", ValueType::kString, std::string(""), "EAP phone number.",
     "1-800-555-0100", 0, 0, {}, [](Config& c, const Value& v) { c.site.eap_phone = as_string(v); }},
    {"site", "eap_hours", ValueType::kString, std::string(""), "When the EAP answers, e.g. \"24/7\".",
     "24/7", 0, 0, {}, [](Config& c, const Value& v) { c.site.eap_hours = as_string(v); }},
    {"site", "onsite_help", ValueType::kString, std::string(""),
     "One paragraph on on-site options (chaplaincy, quiet rooms, occupational health).",
     {}, 0, 0, {}, [](Config& c, const Value& v) { c.site.onsite_help = as_string(v); }},
    {"site", "quick_exit_url", ValueType::kString, std::string("/exit"),
     "Where the neutral page reached by Quick exit links to, e.g. the hospital intranet home page.",
     "https://intranet.hospital.example/", 0, 0, {}, [](Config& c, const Value& v) { c.site.quick_exit_link_url = as_string(v); }},
    {"site", "accent_color", ValueType::kString, std::string(""),
     "Colour of links and buttons in the light colour scheme, as #rrggbb; it needs a contrast of at least 4.5:1 with white text and with the page background (WCAG AA). Empty: the built-in teal. Administrators can also change this and the other [site] texts at /admin/settings, which then override this file until reset there.",
     "#0b6568", 0, 0, {}, [](Config& c, const Value& v) { c.site.accent_color = text::to_lower_ascii(as_string(v)); }},
    {"site", "privacy_notice", ValueType::kString, std::string(""),
     "The hospital's own privacy wording, in Markdown, shown on the Privacy page below what Hearth says (a TOML multi-line string between triple quotes).",
     {}, 0, 0, {}, [](Config& c, const Value& v) { c.site.privacy_notice = as_string(v); }},

    // [session]
    {"session", "idle_timeout_minutes", ValueType::kInteger, std::int64_t{30},
     "Sign people out after this many minutes without activity (shared workstations).",
     {}, 1, 24 * 60, {}, [](Config& c, const Value& v) { c.session.idle_timeout_seconds = as_integer(v) * 60; }},
    {"session", "absolute_timeout_hours", ValueType::kInteger, std::int64_t{12},
     "Sign people out this many hours after they signed in, whatever they do.",
     {}, 1, 7 * 24, {}, [](Config& c, const Value& v) { c.session.absolute_timeout_seconds = as_integer(v) * 3600; }},

    // [sign_in]
    {"sign_in", "max_failures_per_username", ValueType::kInteger, std::int64_t{5},
     "Failed sign-ins allowed per username within the window before Hearth pauses attempts (the directory is not contacted while paused).",
     {}, 1, 1000, {}, [](Config& c, const Value& v) { c.sign_in.max_failures_per_username = as_int(v); }},
    {"sign_in", "max_failures_per_address", ValueType::kInteger, std::int64_t{20},
     "Failed sign-ins allowed per client address within the window.",
     {}, 1, 100000, {}, [](Config& c, const Value& v) { c.sign_in.max_failures_per_address = as_int(v); }},
    {"sign_in", "window_minutes", ValueType::kInteger, std::int64_t{15}, "Length of the throttling window.",
     {}, 1, 24 * 60, {}, [](Config& c, const Value& v) { c.sign_in.window_seconds = as_integer(v) * 60; }},

    // [groups]
    {"groups", "require_approval", ValueType::kBoolean, false,
     "New peer groups wait for a wellness coordinator's approval before they are listed.",
     {}, 0, 0, {}, [](Config& c, const Value& v) { c.groups_require_approval = as_bool(v); }},
    {"groups", "default_retention_days", ValueType::kInteger, std::int64_t{0},
     "Posts in groups that set no retention period of their own are deleted after this many days (7 to 3650); 0 keeps them until they are deleted.",
     {}, 0, 3650, {}, [](Config& c, const Value& v) { c.site.default_retention_days = as_int(v); }},

    // [support]
    {"support", "response_target_minutes", ValueType::kInteger, std::int64_t{30},
     "The peer-support team's target for replying to a request; the queue shows waits against it.",
     {}, 1, 7 * 24 * 60, {}, [](Config& c, const Value& v) { c.support_response_target_minutes = as_int(v); }},
    {"support", "expire_after_days", ValueType::kInteger, std::int64_t{14},
     "Requests still open after this many days are ended and their identifying details deleted.",
     {}, 1, 365, {}, [](Config& c, const Value& v) { c.support_expire_after_days = as_int(v); }},

    // [safety]
    {"safety", "phi_mode", ValueType::kString, std::string("warn"),
     "What happens when the PHI check finds something that looks like patient information in what someone wrote: warn (show it and let them confirm it is not patient information) or block (they must rephrase).",
     {}, 0, 0, {"warn", "block"}, [](Config& c, const Value& v) { c.phi_policy = as_string(v) == "block" ? features::PhiPolicy::kBlock : features::PhiPolicy::kWarnAndConfirm; }},
    {"safety", "record_number_patterns", ValueType::kStringList, StringList{},
     "The hospital's own medical record and account number shapes, as regular expressions matched against whole words (letters, digits and hyphens), for example M[0-9]{7}. Try them with `hearth phi-check`.",
     R"(["M[0-9]{7}", "ACC-[0-9]{6}"])", 0, 0, {}, [](Config& c, const Value& v) { c.phi_checker.record_number_patterns = as_list(v); }},
    {"safety", "staff_email_domains", ValueType::kStringList, StringList{},
     "E-mail domains of staff; addresses in these domains (and their subdomains) are not treated as patient information.",
     R"(["hospital.example"])", 0, 0, {}, [](Config& c, const Value& v) { c.phi_checker.staff_email_domains = as_list(v); }},

    // [directory]
    {"directory", "urls", ValueType::kStringList, StringList{},
     "Directory servers, tried in order when one cannot be reached. ldaps:// uses TLS; ldap:// uses StartTLS.",
     R"(["ldaps://dc1.hospital.example", "ldaps://dc2.hospital.example"])", 0, 0, {},
     [](Config& c, const Value& v) { c.directory.urls = as_list(v); }},
    {"directory", "ca_file", ValueType::kString, std::string("/etc/ssl/certs/ca-certificates.crt"),
     "PEM file of the certificate authorities the directory's certificate must chain to.",
     {}, 0, 0, {}, [](Config& c, const Value& v) { c.directory.ca_file = as_string(v); }},
    {"directory", "allow_insecure_ldap", ValueType::kBoolean, false,
     "Allow plain ldap:// without TLS. Passwords then cross the network in clear text; a warning is logged at every start.",
     {}, 0, 0, {}, [](Config& c, const Value& v) { c.directory.allow_insecure_ldap = as_bool(v); }},
    {"directory", "bind_dn", ValueType::kString, std::string(""),
     "DN of the read-only service account used to search for people.",
     "cn=hearth-service,ou=services,dc=hospital,dc=example", 0, 0, {},
     [](Config& c, const Value& v) { c.directory.bind_dn = as_string(v); }},
    {"directory", "bind_password_file", ValueType::kString, std::string(""),
     "File holding the service account's password (never put the password itself in this file). Under systemd use LoadCredential=.",
     "/etc/hearth/bind-password", 0, 0, {}, [](Config& c, const Value& v) { c.directory_bind_password_file = as_string(v); }},
    {"directory", "user_base", ValueType::kString, std::string(""), "Where people are searched for (subtree).",
     "ou=people,dc=hospital,dc=example", 0, 0, {}, [](Config& c, const Value& v) { c.directory.user_base = as_string(v); }},
    {"directory", "user_filter", ValueType::kString, std::string("(&(objectClass=inetOrgPerson)(uid={username}))"),
     "Search filter; {username} is replaced by the escaped login name. Active Directory: (&(objectClass=user)(sAMAccountName={username})).",
     {}, 0, 0, {}, [](Config& c, const Value& v) { c.directory.user_filter = as_string(v); }},
    {"directory", "id_attribute", ValueType::kString, std::string("entryUUID"),
     "Attribute that identifies a person for ever: entryUUID (OpenLDAP) or objectGUID (Active Directory).",
     {}, 0, 0, {}, [](Config& c, const Value& v) { c.directory.id_attribute = as_string(v); }},
    {"directory", "username_attribute", ValueType::kString, std::string("uid"),
     "Attribute holding the login name: uid (OpenLDAP) or sAMAccountName (Active Directory).",
     {}, 0, 0, {}, [](Config& c, const Value& v) { c.directory.username_attribute = as_string(v); }},
    {"directory", "display_name_attribute", ValueType::kString, std::string("displayName"), "Attribute with the person's name.",
     {}, 0, 0, {}, [](Config& c, const Value& v) { c.directory.display_name_attribute = as_string(v); }},
    {"directory", "mail_attribute", ValueType::kString, std::string("mail"), "Attribute with the e-mail address.",
     {}, 0, 0, {}, [](Config& c, const Value& v) { c.directory.mail_attribute = as_string(v); }},
    {"directory", "department_attribute", ValueType::kString, std::string("departmentNumber"),
     "Attribute with the department (Active Directory: department).",
     {}, 0, 0, {}, [](Config& c, const Value& v) { c.directory.department_attribute = as_string(v); }},
    {"directory", "title_attribute", ValueType::kString, std::string("title"), "Attribute with the job title.",
     {}, 0, 0, {}, [](Config& c, const Value& v) { c.directory.title_attribute = as_string(v); }},
    {"directory", "group_lookup", ValueType::kString, std::string("memberof"),
     "How groups are found: memberof (the person's memberOf attribute), search (groups whose member is the person), or ad_in_chain (Active Directory's nested-group rule).",
     {}, 0, 0, {"memberof", "search", "ad_in_chain"},
     [](Config& c, const Value& v) { c.directory.group_lookup = parse_group_lookup(as_string(v)); }},
    {"directory", "group_base", ValueType::kString, std::string(""), "Where groups are searched for.",
     "ou=groups,dc=hospital,dc=example", 0, 0, {}, [](Config& c, const Value& v) { c.directory.group_base = as_string(v); }},
    {"directory", "group_nesting_depth", ValueType::kInteger, std::int64_t{5},
     "How many levels of nested groups to follow (0: direct membership only).",
     {}, 0, 20, {}, [](Config& c, const Value& v) { c.directory.group_nesting_depth = as_int(v); }},
    {"directory", "staff_groups", ValueType::kStringList, StringList{},
     "Groups whose members are staff. Empty: everyone who may sign in is staff.",
     {}, 0, 0, {}, [](Config& c, const Value& v) { c.directory.staff_groups = as_list(v); }},
    {"directory", "peer_supporter_groups", ValueType::kStringList, StringList{},
     "Groups whose members are trained peer supporters.",
     R"(["cn=peer-supporters,ou=groups,dc=hospital,dc=example"])", 0, 0, {},
     [](Config& c, const Value& v) { c.directory.peer_supporter_groups = as_list(v); }},
    {"directory", "coordinator_groups", ValueType::kStringList, StringList{},
     "Groups whose members are wellness coordinators.",
     R"(["cn=wellness-coordinators,ou=groups,dc=hospital,dc=example"])", 0, 0, {},
     [](Config& c, const Value& v) { c.directory.coordinator_groups = as_list(v); }},
    {"directory", "admin_groups", ValueType::kStringList, StringList{},
     "Groups whose members administer Hearth (settings, audit log); they do not thereby read private groups.",
     R"(["cn=hearth-admins,ou=groups,dc=hospital,dc=example"])", 0, 0, {},
     [](Config& c, const Value& v) { c.directory.admin_groups = as_list(v); }},
    {"directory", "required_group", ValueType::kString, std::string(""),
     "When set, only members of this group (directly or through nested groups) may sign in.",
     "cn=hearth-staff,ou=groups,dc=hospital,dc=example", 0, 0, {},
     [](Config& c, const Value& v) { c.directory.required_group = as_string(v); }},
    {"directory", "network_timeout_seconds", ValueType::kInteger, std::int64_t{5},
     "Seconds to wait for a connection to a directory server before trying the next one.",
     {}, 1, 120, {}, [](Config& c, const Value& v) { c.directory.network_timeout = std::chrono::seconds(as_integer(v)); }},
    {"directory", "operation_timeout_seconds", ValueType::kInteger, std::int64_t{10},
     "Seconds to wait for the directory to answer a bind or search.",
     {}, 1, 300, {}, [](Config& c, const Value& v) { c.directory.operation_timeout = std::chrono::seconds(as_integer(v)); }},

    // [mail]
    {"mail", "enabled", ValueType::kBoolean, false,
     "Send e-mail about notifications through the hospital's SMTP relay. Without it, notifications are shown in Hearth only.",
     {}, 0, 0, {}, [](Config& c, const Value& v) { c.mail.delivery = as_bool(v) ? features::notifications::MailDelivery::kOn : features::notifications::MailDelivery::kOff; }},
    {"mail", "smtp_url", ValueType::kString, std::string(""),
     "The relay: smtp://host:port (upgraded with STARTTLS) or smtps://host:port (TLS from the start).",
     "smtp://relay.hospital.example:587", 0, 0, {}, [](Config& c, const Value& v) { c.mail.smtp.url = as_string(v); }},
    {"mail", "from_address", ValueType::kString, std::string(""),
     "Address the e-mail comes from (envelope and From header). The sender's name is site.name.",
     "hearth@hospital.example", 0, 0, {}, [](Config& c, const Value& v) { c.mail.from_address = as_string(v); }},
    {"mail", "username", ValueType::kString, std::string(""),
     "Account for SMTP AUTH. Leave empty when the relay accepts mail from this server without signing in.",
     {}, 0, 0, {}, [](Config& c, const Value& v) { c.mail.smtp.username = as_string(v); }},
    {"mail", "password_file", ValueType::kString, std::string(""),
     "File holding the SMTP password (never put the password itself in this file). Under systemd use LoadCredential=.",
     "/etc/hearth/smtp-password", 0, 0, {}, [](Config& c, const Value& v) { c.mail.password_file = as_string(v); }},
    {"mail", "require_tls", ValueType::kBoolean, true,
     "Send nothing unless the connection to the relay is encrypted and its certificate verified (STARTTLS for smtp://). Turn off only for a relay on this machine or a trusted segment: e-mail and the password then cross the network unencrypted.",
     {}, 0, 0, {}, [](Config& c, const Value& v) { c.mail.smtp.tls = as_bool(v) ? mail::TlsRequirement::kRequired : mail::TlsRequirement::kNone; }},
    {"mail", "ca_file", ValueType::kString, std::string("/etc/ssl/certs/ca-certificates.crt"),
     "PEM file of the certificate authorities the relay's certificate must chain to.",
     {}, 0, 0, {}, [](Config& c, const Value& v) { c.mail.smtp.ca_file = as_string(v); }},
    {"mail", "connect_timeout_seconds", ValueType::kInteger, std::int64_t{10},
     "Seconds to wait for a connection to the relay.",
     {}, 1, 120, {}, [](Config& c, const Value& v) { c.mail.smtp.connect_timeout = std::chrono::seconds(as_integer(v)); }},
    {"mail", "timeout_seconds", ValueType::kInteger, std::int64_t{60},
     "Seconds one message may take, connection included, before it is tried again later.",
     {}, 5, 600, {}, [](Config& c, const Value& v) { c.mail.smtp.timeout = std::chrono::seconds(as_integer(v)); }},
    {"mail", "max_attempts", ValueType::kInteger, std::int64_t{24},
     "Failed attempts before a message is given up (it stays in the outbox with the error). Retries wait a minute, doubling up to an hour, so 24 attempts cover about 19 hours.",
     {}, 1, 1000, {}, [](Config& c, const Value& v) { c.mail.max_attempts = as_int(v); }},
    {"mail", "default_email", ValueType::kString, std::string("immediately"),
     "E-mail for people who have not chosen in their notification settings: off, immediately (one e-mail each time) or daily (one summary a day).",
     {}, 0, 0, {"off", "immediately", "daily"},
     [](Config& c, const Value& v) { c.mail.default_email = features::notifications::email_frequency_from_text(as_string(v)).value_or(features::notifications::EmailFrequency::kImmediately); }},
    {"mail", "digest_hour", ValueType::kInteger, std::int64_t{7},
     "Hour of the day (0-23, site.time_zone) after which the daily summary e-mails go out.",
     {}, 0, 23, {}, [](Config& c, const Value& v) { c.mail.digest_hour = as_int(v); }},

    // [metrics]
    {"metrics", "allowed_addresses", ValueType::kStringList, StringList{},
     "Addresses or networks that may read the Prometheus metrics at /metrics (aggregate figures only: requests by route, sessions, outbox, directory latency, database size). Everyone else gets 404. Empty: nobody, unless token_file is set.",
     R"(["127.0.0.1", "10.20.0.0/24"])", 0, 0, {}, [](Config& c, const Value& v) { c.metrics.allowed_addresses = as_list(v); }},
    {"metrics", "token_file", ValueType::kString, std::string(""),
     "File holding a bearer token (at least 16 characters, e.g. /etc/hearth/metrics-token) that lets a scraper read /metrics from any address: Prometheus's authorization.credentials_file. Under systemd use LoadCredential=.",
     {}, 0, 0, {}, [](Config& c, const Value& v) { c.metrics.token_file = as_string(v); }},

    // [log]
    {"log", "level", ValueType::kString, std::string("info"), "debug, info, warning or error.",
     {}, 0, 0, {"debug", "info", "warning", "error"}, [](Config& c, const Value& v) { c.log_level = parse_level(as_string(v)); }},
    {"log", "format", ValueType::kString, std::string("text"), "text or json.",
     {}, 0, 0, {"text", "json"},
     [](Config& c, const Value& v) { c.log_format = as_string(v) == "json" ? log::Format::kJson : log::Format::kText; }},
  };
  return keys;
}
// clang-format on

std::string type_name(ValueType type) {
  switch (type) {
    case ValueType::kString: return "a string";
    case ValueType::kInteger: return "a whole number";
    case ValueType::kBoolean: return "true or false";
    case ValueType::kStringList: return "a list of strings";
  }
  return "a value";
}

// Checks the range, choices and text rules of one value. Returns the reason
// it is not acceptable, or nullopt.
std::optional<std::string> check_value(const ConfigKey& key, const Value& value) {
  if (key.type == ValueType::kInteger) {
    const auto number = as_integer(value);
    if (number < key.minimum || number > key.maximum) {
      return fmt::format("must be between {} and {} (got {})", key.minimum, key.maximum, number);
    }
  }
  if (key.type == ValueType::kString) {
    const auto& text = as_string(value);
    if (!text::is_valid_utf8(text) || text::has_control_characters(text)) return "must be plain UTF-8 text";
    if (!key.choices.empty() &&
        std::find(key.choices.begin(), key.choices.end(), std::string_view(text)) == key.choices.end()) {
      std::string allowed;
      for (auto choice : key.choices) allowed += (allowed.empty() ? "" : ", ") + std::string(choice);
      return fmt::format("must be one of {} (got \"{}\")", allowed, text);
    }
  }
  return std::nullopt;
}

std::optional<Value> from_toml(const ConfigKey& key, const toml::node& node) {
  switch (key.type) {
    case ValueType::kString:
      if (auto text = node.value<std::string>(); text && node.is_string()) return Value(*text);
      return std::nullopt;
    case ValueType::kInteger:
      if (auto number = node.value<std::int64_t>(); number && node.is_integer()) return Value(*number);
      return std::nullopt;
    case ValueType::kBoolean:
      if (auto flag = node.value<bool>(); flag && node.is_boolean()) return Value(*flag);
      return std::nullopt;
    case ValueType::kStringList: {
      const auto* array = node.as_array();
      if (array == nullptr) return std::nullopt;
      StringList list;
      for (const auto& element : *array) {
        auto text = element.value<std::string>();
        if (!text || !element.is_string()) return std::nullopt;
        list.push_back(*text);
      }
      return Value(std::move(list));
    }
  }
  return std::nullopt;
}

std::optional<Value> from_environment(const ConfigKey& key, std::string_view text) {
  switch (key.type) {
    case ValueType::kString: return Value(std::string(text));
    case ValueType::kInteger: {
      std::int64_t number = 0;
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
      if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
      return Value(number);
    }
    case ValueType::kBoolean:
      if (text == "true" || text == "1" || text == "yes") return Value(true);
      if (text == "false" || text == "0" || text == "no") return Value(false);
      return std::nullopt;
    case ValueType::kStringList: {
      // A TOML array (`["ldaps://a", "ldaps://b"]`) for several values, or
      // the bare value for one. Commas are not separators: DNs contain them.
      if (text::trim(text).starts_with("[")) {
        try {
          const auto parsed = toml::parse("value = " + std::string(text));
          if (const auto* node = parsed.get("value")) return from_toml(key, *node);
        } catch (const toml::parse_error&) {
        }
        return std::nullopt;
      }
      StringList list;
      if (!text::is_blank(text)) list.emplace_back(text::trim(text));
      return Value(std::move(list));
    }
  }
  return std::nullopt;
}

std::string environment_name(const ConfigKey& key) {
  std::string name = fmt::format("HEARTH_{}_{}", key.section, key.name);
  for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

std::string toml_literal(const Value& value) {
  if (const auto* text = std::get_if<std::string>(&value)) {
    std::ostringstream out;
    out << toml::value<std::string>(*text);
    return out.str();
  }
  if (const auto* number = std::get_if<std::int64_t>(&value)) return std::to_string(*number);
  if (const auto* flag = std::get_if<bool>(&value)) return *flag ? "true" : "false";
  const auto& list = std::get<StringList>(value);
  std::string out = "[";
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i > 0) out += ", ";
    out += toml_literal(Value(list[i]));
  }
  return out + "]";
}

// Opens `path` into `stream` if it is a regular file (symbolic links
// followed); otherwise reports why under `key` and returns false. Devices,
// FIFOs and directories are refused: reading /dev/zero never ends and a FIFO
// blocks `hearth check-config`.
bool open_regular_file(const std::string& key, const std::filesystem::path& path, std::ifstream& stream,
                       std::vector<ConfigProblem>& problems) {
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  if (error) {
    problems.push_back({key, fmt::format("cannot read {}: {}", path.string(), error.message())});
    return false;
  }
  if (!std::filesystem::is_regular_file(status)) {
    problems.push_back({key, fmt::format("cannot read {}: not a regular file", path.string())});
    return false;
  }
  stream.open(path);
  if (!stream) {
    problems.push_back({key, fmt::format("cannot read {}: {}", path.string(), std::strerror(errno))});
    return false;
  }
  return true;
}

// The first line of a secret file, without its LF (or the CR LF of a CRLF
// file); at most kMaxSecretBytes are read, a longer line is cut there.
constexpr std::size_t kMaxSecretBytes = 4096;
std::string first_line(std::ifstream& stream) {
  std::string line;
  char c = 0;
  while (line.size() < kMaxSecretBytes && stream.get(c) && c != '\n') line += c;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// `text` with control characters (line breaks included) as '?', and every
// byte above 0x7F as '?' too when it is not valid UTF-8.
std::string one_line_text(std::string_view text) {
  const bool valid = text::is_valid_utf8(text);
  std::string out(text);
  for (char& c : out) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F || (!valid && byte > 0x7F)) c = '?';
  }
  return out;
}

void check_readable_file(const std::string& key, const std::filesystem::path& path,
                         std::vector<ConfigProblem>& problems) {
  std::ifstream stream;
  open_regular_file(key, path, stream, problems);
}

// The [mail] section, when e-mail is on; reads the SMTP password file.
void check_mail(Config& config, std::vector<ConfigProblem>& problems) {
  auto& mail_settings = config.mail;
  if (mail_settings.delivery == features::notifications::MailDelivery::kOff) return;
  const auto& url = mail_settings.smtp.url;
  if (!url.starts_with("smtp://") && !url.starts_with("smtps://")) {
    problems.push_back(
        {"mail.smtp_url", "must start with smtp:// or smtps:// (e.g. smtp://relay.hospital.example:587)"});
  }
  if (!mail::is_plain_address(mail_settings.from_address)) {
    problems.push_back(
        {"mail.from_address", "must be a plain e-mail address such as hearth@hospital.example"});
  }
  if (config.public_url.empty()) {
    problems.push_back(
        {"server.public_url", "must be set when mail.enabled is true: e-mails link to Hearth"});
  }
  if (mail_settings.smtp.tls == mail::TlsRequirement::kRequired && !mail_settings.smtp.ca_file.empty()) {
    check_readable_file("mail.ca_file", mail_settings.smtp.ca_file, problems);
  }
  if (mail_settings.smtp.username.empty()) {
    if (!mail_settings.password_file.empty()) {
      problems.push_back({"mail.password_file", "is set but mail.username is not"});
    }
    return;
  }
  if (mail_settings.password_file.empty()) {
    problems.push_back(
        {"mail.password_file", "must be set when mail.username is (a file holding the password)"});
    return;
  }
  std::ifstream stream;
  if (!open_regular_file("mail.password_file", mail_settings.password_file, stream, problems)) return;
  std::string password = first_line(stream);
  if (password.empty()) problems.push_back({"mail.password_file", "the file is empty"});
  mail_settings.smtp.password = std::move(password);
}

// Reads the first line of a secret file into `secret`, or reports why not.
void read_secret_file(const std::string& key, const std::filesystem::path& path, std::string& secret,
                      std::vector<ConfigProblem>& problems) {
  std::ifstream stream;
  if (!open_regular_file(key, path, stream, problems)) return;
  std::string line = first_line(stream);
  if (line.empty()) problems.push_back({key, "the file is empty"});
  secret = std::move(line);
}

// Trusted proxies, the HTTP redirect listener and /metrics access.
void check_network(Config& config, std::vector<ConfigProblem>& problems) {
  const auto check_addresses = [&problems](const char* key, const std::vector<std::string>& entries) {
    for (const auto& entry : entries) {
      std::string problem;
      if (!http::AddressRange::parse(entry, &problem)) problems.push_back({key, problem});
    }
  };
  check_addresses("server.trusted_proxies", config.trusted_proxies);
  check_addresses("metrics.allowed_addresses", config.metrics.allowed_addresses);

  if (config.redirect_http_port != 0) {
    if (config.server.tls_certificate_file.empty()) {
      problems.push_back({"server.redirect_http_port",
                          "needs tls_certificate_file: the redirect is for when Hearth serves HTTPS itself"});
    }
    if (!config.public_url.starts_with("https://")) {
      problems.push_back(
          {"server.redirect_http_port", "needs public_url to be the https:// address to send people to"});
    }
    if (config.redirect_http_port == config.server.port) {
      problems.push_back({"server.redirect_http_port", "must differ from server.port"});
    }
  }

  if (!config.metrics.token_file.empty()) {
    read_secret_file("metrics.token_file", config.metrics.token_file, config.metrics.token, problems);
    if (!config.metrics.token.empty() && config.metrics.token.size() < 16) {
      problems.push_back({"metrics.token_file", "the token must be at least 16 characters long"});
    }
  }
}

// Rules that involve more than one key, or the file system.
void check_whole(Config& config, DirectoryRequirement directory_requirement,
                 std::vector<ConfigProblem>& problems) {
  const bool has_certificate = !config.server.tls_certificate_file.empty();
  const bool has_key = !config.server.tls_private_key_file.empty();
  if (has_certificate != has_key) {
    problems.push_back({"server.tls_private_key_file",
                        "tls_certificate_file and tls_private_key_file must be set together"});
  } else if (has_certificate) {
    check_readable_file("server.tls_certificate_file", config.server.tls_certificate_file, problems);
    check_readable_file("server.tls_private_key_file", config.server.tls_private_key_file, problems);
  }
  if (!config.public_url.empty() && !config.public_url.starts_with("https://") &&
      !config.public_url.starts_with("http://")) {
    problems.push_back({"server.public_url", "must start with https:// or http://"});
  }
  while (!config.public_url.empty() && config.public_url.back() == '/') config.public_url.pop_back();
  if (config.data_directory.empty() || config.data_directory.is_relative()) {
    if (config.data_directory.empty()) problems.push_back({"storage.data_directory", "must be set"});
  }
  if (config.session.idle_timeout_seconds > config.session.absolute_timeout_seconds) {
    problems.push_back(
        {"session.idle_timeout_minutes", "must not be longer than session.absolute_timeout_hours"});
  }
  if (!calendar::TimeZone::load(config.site.time_zone)) {
    problems.push_back(
        {"site.time_zone", fmt::format("\"{}\" is not a time zone this server knows (IANA names such as "
                                       "America/New_York; is the tzdata package installed?)",
                                       config.site.time_zone)});
  }
  try {
    safety::PhiChecker checker(config.phi_checker);
  } catch (const Error& error) {
    problems.push_back({"safety.record_number_patterns", error.user_message()});
  }
  // Values an administrator may also set at /admin/settings follow the rules of that form.
  for (const auto key : {"site.accent_color", "site.privacy_notice", "groups.default_retention_days"}) {
    const auto* setting = features::admin::find_setting(key);
    if (setting == nullptr) continue;
    const auto value = features::admin::setting_value(config.site, *setting);
    features::FieldErrors errors;
    if (!features::admin::check_setting(*setting, value, errors)) {
      problems.push_back({key, errors.entries().front().second});
    }
  }
  if (!config.web_root.empty() && !std::filesystem::is_directory(config.web_root / "templates")) {
    problems.push_back(
        {"server.web_root", fmt::format("{} has no templates/ folder", config.web_root.string())});
  }

  check_mail(config, problems);
  check_network(config, problems);

  if (directory_requirement == DirectoryRequirement::kNotRequired) return;
  auto& directory = config.directory;
  if (directory.urls.empty())
    problems.push_back({"directory.urls", "must list at least one directory server"});
  for (const auto& url : directory.urls) {
    if (url.starts_with("ldaps://")) continue;
    if (url.starts_with("ldap://")) continue;
    problems.push_back({"directory.urls", fmt::format("\"{}\" must start with ldaps:// or ldap://", url)});
  }
  if (!directory.allow_insecure_ldap) {
    if (directory.ca_file.empty()) {
      problems.push_back(
          {"directory.ca_file", "must be set: the directory's certificate is always verified"});
    } else {
      check_readable_file("directory.ca_file", directory.ca_file, problems);
    }
  }
  if (directory.bind_dn.empty())
    problems.push_back({"directory.bind_dn", "must be set (the read-only service account)"});
  if (config.directory_bind_password_file.empty()) {
    problems.push_back(
        {"directory.bind_password_file", "must be set (a file holding the service account's password)"});
  } else {
    std::ifstream stream;
    if (open_regular_file("directory.bind_password_file", config.directory_bind_password_file, stream,
                          problems)) {
      std::string password = first_line(stream);
      if (password.empty()) problems.push_back({"directory.bind_password_file", "the file is empty"});
      directory.bind_password = std::move(password);
    }
  }
  if (directory.user_base.empty()) problems.push_back({"directory.user_base", "must be set"});
  if (directory.user_filter.find("{username}") == std::string::npos) {
    problems.push_back({"directory.user_filter", "must contain {username}"});
  } else if (directory.user_filter.front() != '(' || directory.user_filter.back() != ')') {
    problems.push_back({"directory.user_filter", "must be an LDAP filter in parentheses"});
  }
  if ((directory.group_lookup == auth::GroupLookup::kSearch ||
       directory.group_lookup == auth::GroupLookup::kAdInChain) &&
      directory.group_base.empty()) {
    problems.push_back({"directory.group_base", "must be set when group_lookup is search or ad_in_chain"});
  }
}

}  // namespace

bool Config::uses_tls() const {
  return !server.tls_certificate_file.empty() || public_url.starts_with("https://");
}

ConfigLoad load_config(const std::filesystem::path& path, FileRequirement file_requirement,
                       DirectoryRequirement directory_requirement, char** environment) {
  ConfigLoad load;
  auto& problems = load.problems;
  for (const auto& key : schema()) key.apply(load.config, key.default_value);

  toml::table table;
  const bool file_exists = !path.empty() && std::filesystem::exists(path);
  if (file_exists) {
    try {
      table = toml::parse_file(path.string());
    } catch (const toml::parse_error& error) {
      problems.push_back({path.string(), fmt::format("line {}, column {}: {}", error.source().begin.line,
                                                     error.source().begin.column, error.description())});
    }
  } else if (file_requirement == FileRequirement::kMustExist) {
    problems.push_back({path.string(), "the configuration file does not exist"});
  }

  // Unknown sections and keys are reported: a typo must not silently fall back to a default.
  // Lambdas capture plain names, not the structured bindings (clang 14, used
  // for the fuzz build, cannot capture those).
  for (const auto& [section_key, section_node] : table) {
    const std::string_view section_name = section_key.str();
    const auto* section = section_node.as_table();
    const bool known_section = std::any_of(schema().begin(), schema().end(),
                                           [&](const ConfigKey& key) { return key.section == section_name; });
    if (section == nullptr || !known_section) {
      problems.push_back({std::string(section_name), "unknown section"});
      continue;
    }
    for (const auto& [key, node] : *section) {
      const std::string_view key_name = key.str();
      const bool known = std::any_of(schema().begin(), schema().end(), [&](const ConfigKey& candidate) {
        return candidate.section == section_name && candidate.name == key_name;
      });
      if (!known) problems.push_back({fmt::format("{}.{}", section_name, key_name), "unknown key"});
    }
  }

  for (const auto& key : schema()) {
    std::optional<Value> value;
    if (const auto* node = table.at_path(full_name(key)).node()) {
      value = from_toml(key, *node);
      if (!value) {
        problems.push_back({full_name(key), "must be " + type_name(key.type)});
        continue;
      }
    }
    const auto variable = environment_name(key);
    for (char** entry = environment; entry != nullptr && *entry != nullptr; ++entry) {
      const std::string_view text(*entry);
      if (text.starts_with(variable) && text.size() > variable.size() && text[variable.size()] == '=') {
        // A malformed variable is reported and leaves the file's value in place.
        if (auto from_variable = from_environment(key, text.substr(variable.size() + 1))) {
          value = std::move(from_variable);
        } else {
          problems.push_back({variable, "must be " + type_name(key.type)});
        }
      }
    }
    if (!value) continue;
    if (auto reason = check_value(key, *value)) {
      problems.push_back({full_name(key), *reason});
      continue;
    }
    key.apply(load.config, *value);
  }
  check_whole(load.config, directory_requirement, problems);
  // Keys and reasons quote the file (toml++'s syntax errors quote what they
  // read); they are printed on terminals and in logs as one line each.
  for (auto& problem : problems) {
    problem.key = one_line_text(problem.key);
    problem.reason = one_line_text(problem.reason);
  }
  return load;
}

std::string example_config() {
  std::string out =
      "# Hearth configuration.\n"
      "#\n"
      "# Generated from the schema in src/app/config_schema.cpp by `hearth print-example-config`;\n"
      "# do not edit by hand. Every key is shown with its default, commented out. Each key can also\n"
      "# be set with an environment variable HEARTH_<SECTION>_<KEY>, e.g. HEARTH_SERVER_PORT=8080,\n"
      "# which wins over this file (lists: a TOML array such as [\"a\", \"b\"], or a single bare value).\n"
      "# Check a file with `hearth check-config`.\n"
      "# Secrets never go in this file: the directory and SMTP passwords are read from the files\n"
      "# named by directory.bind_password_file and mail.password_file.\n";
  std::string_view section;
  for (const auto& key : schema()) {
    if (key.section != section) {
      section = key.section;
      out += fmt::format("\n[{}]\n", section);
    }
    // Wrap the help text at about 96 columns.
    std::string line = "#";
    std::istringstream words{std::string(key.help)};
    std::string word;
    while (words >> word) {
      if (line.size() + word.size() + 1 > 96) {
        out += line + "\n";
        line = "#";
      }
      line += " " + word;
    }
    out += line + "\n";
    if (!key.example.empty()) {
      const auto example = key.type == ValueType::kString ? toml_literal(Value(std::string(key.example)))
                                                          : std::string(key.example);
      out += fmt::format("# Example: {} = {}\n", key.name, example);
    }
    out += fmt::format("# {} = {}\n", key.name, toml_literal(key.default_value));
  }
  return out;
}

}  // namespace hearth::app
