# Installation rules and the Debian package.
#
#   cmake --build <build dir> --target package
#
# writes <build dir>/hearth_<version>_amd64.deb with CPack's DEB generator: the
# binary (stripped) in /usr/bin, the hardened systemd units in
# /lib/systemd/system, the commented configuration as the conffile
# /etc/hearth/hearth.toml, and README, copyright, changelog and examples in
# /usr/share/doc/hearth. The maintainer scripts in installer/debian/ do what
# installer/install.sh does (user, directories, check-config, enable, start).
# Depends come from dpkg-shlibdeps plus what the scripts and the defaults need.
# tests/ops/deb_package.sh builds, inspects, lints and installs the package.
#
# The hearth binary's own install() rule is in src/CMakeLists.txt.

set(HEARTH_PACKAGE_DOC_DIR share/doc/hearth)

install(FILES systemd/hearth.service systemd/hearth-backup.service systemd/hearth-backup.timer
        DESTINATION /lib/systemd/system
        PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
install(FILES installer/hearth.toml.example
        DESTINATION /etc/hearth RENAME hearth.toml
        PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ)

# The changelog, compressed the way Debian policy asks (gzip -9n: no name or time stamp).
configure_file(installer/debian/changelog ${CMAKE_BINARY_DIR}/packaging/changelog @ONLY)
execute_process(COMMAND gzip -9nc ${CMAKE_BINARY_DIR}/packaging/changelog
                OUTPUT_FILE ${CMAKE_BINARY_DIR}/packaging/changelog.gz COMMAND_ERROR_IS_FATAL ANY)
install(FILES README.md installer/debian/copyright ${CMAKE_BINARY_DIR}/packaging/changelog.gz
        DESTINATION ${HEARTH_PACKAGE_DOC_DIR}
        PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
install(FILES installer/hearth.toml.example
        DESTINATION ${HEARTH_PACKAGE_DOC_DIR}/examples RENAME hearth.toml
        PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
install(FILES systemd/hearth-port-443.conf.example
        DESTINATION ${HEARTH_PACKAGE_DOC_DIR}/examples RENAME hearth-port-443.conf
        PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME hearth)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "peer-support and wellness portal for hospital staff")
# The synopsis is the summary above; CPack indents these lines and turns the
# empty line into the " ." paragraph separator.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Hearth is a self-hosted portal that hospital IT installs on a server inside
the intranet. Staff sign in with their LDAP or Active Directory account, find
and join peer support groups, find employee assistance and crisis resources,
ask for a confidential conversation with a trained peer supporter, and join
wellness events. Every byte of data stays on that server.

The package runs Hearth as a hardened systemd service under its own user,
with a nightly backup timer.")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "Hearth maintainers <hearth-maintainers@hospital.example>")
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # hearth_<version>_<arch>.deb
# Shared libraries from dpkg-shlibdeps; then what the maintainer scripts use
# (useradd, deb-systemd-helper, dpkg-statoverride) and what the default
# configuration reads (time zones, the system CA bundle for LDAPS).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "passwd, init-system-helpers (>= 1.52), tzdata, ca-certificates")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/installer/debian/postinst ${PROJECT_SOURCE_DIR}/installer/debian/prerm
    ${PROJECT_SOURCE_DIR}/installer/debian/postrm ${PROJECT_SOURCE_DIR}/installer/debian/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
