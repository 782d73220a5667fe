# hearth_embed_files(<target> FUNCTION <c++ function name> BASE_DIR <dir> FILES <files...>)
#
# Generates, in the build directory only, a C++ source that defines
#   std::span<const hearth::EmbeddedFile> <function>();
# holding every file's bytes, keyed by its path relative to BASE_DIR, and adds a
# static library <target> that compiles it. The declaration lives in
# src/common/embedded_file.h. Regenerated whenever one of the files changes.
set(HEARTH_EMBED_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/hearth_embed_generate.cmake)

function(hearth_embed_files target)
  cmake_parse_arguments(ARG "" "FUNCTION;BASE_DIR" "FILES" ${ARGN})
  set(output ${CMAKE_CURRENT_BINARY_DIR}/${target}.cpp)
  set(list_file ${CMAKE_CURRENT_BINARY_DIR}/${target}.files)
  list(SORT ARG_FILES)
  string(REPLACE ";" "\n" file_lines "${ARG_FILES}")
  file(CONFIGURE OUTPUT ${list_file} CONTENT "${file_lines}\n")
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DLIST_FILE=${list_file} -DBASE_DIR=${ARG_BASE_DIR}
            -DFUNCTION=${ARG_FUNCTION} -DOUTPUT=${output} -P ${HEARTH_EMBED_SCRIPT}
    DEPENDS ${ARG_FILES} ${list_file} ${HEARTH_EMBED_SCRIPT}
    COMMENT "Embedding ${target}"
    VERBATIM)
  add_library(${target} STATIC ${output})
  target_link_libraries(${target} PUBLIC hearth_common)
endfunction()
