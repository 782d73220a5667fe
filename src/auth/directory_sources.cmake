# Sources of the directory half of auth/. Paths relative to src/auth/.
set(HEARTH_AUTH_DIRECTORY_SOURCES
  demo_directory.cpp
  distinguished_name.cpp
  group_nesting.cpp
  ldap_directory.cpp
  ldap_filter.cpp
  ldif.cpp
  login_name.cpp
  roles.cpp
)
