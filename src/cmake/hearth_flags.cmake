# Compiler flags shared by every Hearth target, applied through the
# hearth_flags interface library so that third-party code is not affected.
add_library(hearth_flags INTERFACE)

target_compile_options(hearth_flags INTERFACE
  -Wall -Wextra -Wpedantic
  -Wshadow               # a local hiding a member or outer variable is nearly always a bug
  -Wformat=2             # checks printf-like format strings, including non-literal ones
  -Wnon-virtual-dtor     # interfaces (Directory, ...) are deleted through base pointers
  -Wold-style-cast
  -Wcast-qual
  -Wimplicit-fallthrough
)
if(HEARTH_WARNINGS_AS_ERRORS)
  target_compile_options(hearth_flags INTERFACE -Werror)
endif()

if(HEARTH_HARDEN)
  # _FORTIFY_SOURCE=3 replaces memcpy/strcpy/... with bounds-checked variants where the
  # compiler can see object sizes; it needs optimisation, which release builds have.
  # -U first because Debian's toolchain may already define level 2.
  target_compile_options(hearth_flags INTERFACE -U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=3)
  # Canaries on every function with a local array or address-taken local.
  target_compile_options(hearth_flags INTERFACE -fstack-protector-strong)
  # Stack clash protection probes large stack allocations page by page.
  target_compile_options(hearth_flags INTERFACE -fstack-clash-protection)
  # Position-independent executable so ASLR also randomises the binary itself.
  target_compile_options(hearth_flags INTERFACE -fPIE)
  target_link_options(hearth_flags INTERFACE -pie)
  # Full RELRO: resolve all symbols at start-up, then make the GOT read-only.
  target_link_options(hearth_flags INTERFACE -Wl,-z,relro,-z,now)
  # No executable stack.
  target_link_options(hearth_flags INTERFACE -Wl,-z,noexecstack)
endif()

if(HEARTH_SANITIZE)
  target_compile_options(hearth_flags INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                                                -fno-sanitize-recover=undefined)
  target_link_options(hearth_flags INTERFACE -fsanitize=address,undefined)
endif()
