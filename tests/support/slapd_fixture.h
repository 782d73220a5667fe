#pragma once

#include <string>

#include "auth/directory_config.h"

namespace hearth::testing {

// How a config produced by ThrowawaySlapd::config() reaches the server.
enum class LdapTransport {
  kStartTls,  // ldap:// then StartTLS, verified against ca_file()
  kLdaps,     // ldaps://, verified against ca_file()
  kPlain,     // ldap:// without TLS (allow_insecure_ldap)
};

// A real slapd holding ldap/sample-directory.ldif, started by
// ldap/throwaway-slapd.sh in a fresh temporary directory and stopped (and the
// directory removed) on destruction. Set HEARTH_KEEP_SLAPD_DIR=1 to keep the
// directory (slapd.log) for inspection.
class ThrowawaySlapd {
 public:
  // Starts the server; throws std::runtime_error if the script fails.
  ThrowawaySlapd();
  ~ThrowawaySlapd();
  ThrowawaySlapd(const ThrowawaySlapd&) = delete;
  ThrowawaySlapd& operator=(const ThrowawaySlapd&) = delete;

  // The server shared by every test in this process: started on first use
  // (about 0.3 s), stopped when the process exits. Also stopped by the script
  // if the process dies without running destructors.
  static ThrowawaySlapd& shared();

  const std::string& directory() const { return directory_; }  // DIR; slapd.log is there
  const std::string& ldap_url() const { return ldap_url_; }    // ldap://127.0.0.1:PORT
  const std::string& ldaps_url() const { return ldaps_url_; }  // ldaps://127.0.0.1:PORT
  const std::string& ca_file() const { return ca_file_; }      // the CA that signed the server certificate
  const std::string& untrusted_ca_file() const { return untrusted_ca_file_; }  // an unrelated CA
  const std::string& base_dn() const { return base_dn_; }
  const std::string& bind_dn() const { return bind_dn_; }
  const std::string& bind_password() const { return bind_password_; }
  int pid() const { return pid_; }

  // Returns DemoDirectory::demo_config() (the sample LDIF's bases, role groups
  // and required group) pointed at this server over `transport`, with the
  // service account, ca_file(), `lookup`, and short timeouts (network 2 s,
  // operation 5 s).
  auth::DirectoryConfig config(LdapTransport transport = LdapTransport::kStartTls,
                               auth::GroupLookup lookup = auth::GroupLookup::kMemberOf) const;

 private:
  std::string script_;
  std::string directory_;
  std::string ldap_url_;
  std::string ldaps_url_;
  std::string ca_file_;
  std::string untrusted_ca_file_;
  std::string base_dn_;
  std::string bind_dn_;
  std::string bind_password_;
  int pid_ = 0;
};

}  // namespace hearth::testing
