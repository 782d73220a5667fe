# Third-party libraries, all from Debian 12 packages. Each is wrapped in an
# imported target named hearth::<name> and linked only by the one src/ folder
# that is allowed to include its headers (see DESIGN.md section 4).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(OpenSSL 3 REQUIRED)

# cpp-httplib: Debian ships a declaration header plus a shared library
# (libcpp-httplib0.11); there is no static archive. Used by http/ only.
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib>=0.11)

# SQLite, linked from Debian's static archive so the binary carries its own
# copy (FTS5 included). Used by storage/ only.
if(HEARTH_STATIC_DEPS)
  find_library(SQLITE3_LIBRARY NAMES libsqlite3.a REQUIRED)
else()
  find_library(SQLITE3_LIBRARY NAMES sqlite3 REQUIRED)
endif()
add_library(hearth::sqlite3 INTERFACE IMPORTED)
target_link_libraries(hearth::sqlite3 INTERFACE ${SQLITE3_LIBRARY} ${CMAKE_DL_LIBS} m Threads::Threads)

# cmark-gfm and its GFM extensions (autolink, strikethrough), linked from
# Debian's static archives like SQLite. Both archives are position-independent
# and need only libc; the extensions archive refers to the core library, so it
# comes first. Used by markdown/ only.
if(HEARTH_STATIC_DEPS)
  find_library(CMARK_GFM_EXTENSIONS_LIBRARY NAMES libcmark-gfm-extensions.a REQUIRED)
  find_library(CMARK_GFM_LIBRARY NAMES libcmark-gfm.a REQUIRED)
else()
  find_library(CMARK_GFM_EXTENSIONS_LIBRARY NAMES cmark-gfm-extensions REQUIRED)
  find_library(CMARK_GFM_LIBRARY NAMES cmark-gfm REQUIRED)
endif()
find_path(CMARK_GFM_INCLUDE_DIR NAMES cmark-gfm-core-extensions.h REQUIRED)
add_library(hearth::cmark_gfm INTERFACE IMPORTED)
target_include_directories(hearth::cmark_gfm INTERFACE ${CMARK_GFM_INCLUDE_DIR})
target_link_libraries(hearth::cmark_gfm INTERFACE ${CMARK_GFM_EXTENSIONS_LIBRARY} ${CMARK_GFM_LIBRARY})

# OpenLDAP client: libldap.a and liblber.a statically; libsasl2 and GnuTLS stay
# shared (the libsasl2 archive drags in SQL auxprop plugins and text
# relocations). Used by auth/ only.
if(HEARTH_STATIC_DEPS)
  find_library(LDAP_LIBRARY NAMES libldap.a REQUIRED)
  find_library(LBER_LIBRARY NAMES liblber.a REQUIRED)
else()
  find_library(LDAP_LIBRARY NAMES ldap REQUIRED)
  find_library(LBER_LIBRARY NAMES lber REQUIRED)
endif()
pkg_check_modules(SASL2 REQUIRED IMPORTED_TARGET libsasl2)
pkg_check_modules(GNUTLS REQUIRED IMPORTED_TARGET gnutls)
add_library(hearth::ldap INTERFACE IMPORTED)
target_link_libraries(hearth::ldap INTERFACE ${LDAP_LIBRARY} ${LBER_LIBRARY} PkgConfig::SASL2
                                             PkgConfig::GNUTLS Threads::Threads)

# libcurl (OpenSSL flavour) for SMTP, linked shared: Debian's libcurl.a needs
# the static archives of a dozen protocol libraries. Used by mail/ only.
pkg_check_modules(CURL REQUIRED IMPORTED_TARGET libcurl>=7.85)
add_library(hearth::curl INTERFACE IMPORTED)
target_link_libraries(hearth::curl INTERFACE PkgConfig::CURL)

# Header-only libraries: spdlog and fmt (header-only mode, so no libspdlog.so
# or libfmt.so at run time), toml++, kainjow mustache, Catch2 v2.
add_library(hearth::spdlog INTERFACE IMPORTED)
target_compile_definitions(hearth::spdlog INTERFACE SPDLOG_FMT_EXTERNAL FMT_HEADER_ONLY)
add_library(hearth::fmt INTERFACE IMPORTED)
target_compile_definitions(hearth::fmt INTERFACE FMT_HEADER_ONLY)
add_library(hearth::tomlplusplus INTERFACE IMPORTED)
add_library(hearth::mustache INTERFACE IMPORTED)

if(HEARTH_STATIC_DEPS)
  # libstdc++ and libgcc are linked into the binary so it does not depend on
  # the exact GCC runtime of the build machine.
  set(HEARTH_STATIC_RUNTIME_FLAGS -static-libstdc++ -static-libgcc)
endif()
