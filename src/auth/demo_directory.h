#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "auth/directory.h"
#include "auth/directory_config.h"
#include "auth/ldif.h"

namespace hearth::auth {

// One person of the demo directory, as listed on the demo sign-in page.
struct DemoAccount {
  std::string username;
  std::string display_name;
  std::string password;
  // One line for the sign-in page, e.g. "Respiratory Therapist, ICU: staff,
  // peer supporter (through a nested group)"; says so when sign-in will be
  // refused (locked, not in the required group).
  std::string description;
};

// A Directory held in memory, built from LDIF (normally the sample directory
// in ldap/, compiled into the binary) for `hearth demo` and for tests. It
// follows the same rules as LdapDirectory over the same data: people are the
// entries within user_base with a username_attribute value (compared ignoring
// ASCII case; user_filter itself is not evaluated), groups are entries with
// `member` values (within group_base when it is set), nesting is walked up to
// group_nesting_depth, DNs are compared normalised.
//
// Passwords are the plain-text `userPassword` values of the LDIF, compared in
// constant time; hashed values (`{SSHA}...`) never match. An entry with
// `pwdAccountLockedTime` (OpenLDAP ppolicy) is locked. stable_id is the
// entry's entryUUID if the LDIF has one, else a UUID derived from the
// normalised DN (the same DN always gives the same id).
//
// Immutable after construction; thread-safe. Does no I/O.
class DemoDirectory final : public Directory {
 public:
  // Throws LdifError if `ldif_text` is not valid LDIF.
  DemoDirectory(std::string_view ldif_text, DirectoryConfig config);

  // Returns the sample directory compiled into the binary
  // (ldap/sample-directory.ldif) with demo_config(). Throws std::logic_error
  // if the file was not embedded.
  static std::unique_ptr<DemoDirectory> make_sample();

  // The configuration that matches ldap/sample-directory.ldif: user and group
  // bases, the four role groups, cn=hearth-staff as required group, kSearch
  // with nesting depth 5, the service account's DN (no password, no URLs).
  // Also a starting point for pointing LdapDirectory at the throwaway slapd.
  static DirectoryConfig demo_config();

  SignInResult sign_in(std::string_view username, std::string_view password,
                       const TraceSink& trace = {}) override;

  // Always true: the directory is in memory.
  bool is_reachable() override { return true; }

  // Every person with a username and a plain-text password, in LDIF order,
  // including those who will be refused (so the demo can show why).
  std::vector<DemoAccount> accounts() const;
  // Every person, as sign_in() would return them (same stable_id), in LDIF
  // order. Used to seed demo content with real authors.
  std::vector<DirectoryPerson> people() const;

  const DirectoryConfig& config() const { return config_; }

 private:
  struct Person {
    LdifRecord record;
    std::string normalized_dn;
  };
  struct Group {
    std::string dn;
    std::vector<std::string> normalized_members;
  };

  // Returns the people whose username matches `username`.
  std::vector<const Person*> find_people(std::string_view username) const;
  // Returns the normalised DNs of every group of the entry `dn`, direct and nested.
  std::vector<std::string> groups_of(const std::string& dn) const;
  // Returns the groups whose member attribute names one of `dns`, as written in the LDIF.
  std::vector<std::string> groups_containing(const std::vector<std::string>& dns) const;
  DirectoryPerson to_person(const Person& person, std::string_view typed_username) const;

  DirectoryConfig config_;
  std::vector<Person> people_;
  std::vector<Group> groups_;
};

}  // namespace hearth::auth
