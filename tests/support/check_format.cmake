# Fails if clang-format would change any C++ file under src/ or tests/.
file(GLOB_RECURSE files ${SOURCE_DIR}/src/*.cpp ${SOURCE_DIR}/src/*.h ${SOURCE_DIR}/tests/*.cpp ${SOURCE_DIR}/tests/*.h)
list(FILTER files EXCLUDE REGEX "/node_modules/")
execute_process(COMMAND clang-format --dry-run --Werror ${files} RESULT_VARIABLE result ERROR_VARIABLE errors)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "clang-format would change these files (run: clang-format -i <file>):\n${errors}")
endif()
message(STATUS "${CMAKE_ARGC} all C++ files are formatted")
