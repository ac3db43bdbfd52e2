# Helpers for the packaging tests (cmake -P scripts). Every script gets, with -D:
#   WORK_DIR    scratch directory of this test (recreated)      PREFIX  the install prefix
#   SOURCE_DIR  topica's source tree                            LIBDIR  lib dir, relative to PREFIX
#   C_COMPILER, CXX_COMPILER, GENERATOR                         MODEL   a model file for $TOPICA_MODEL
cmake_minimum_required(VERSION 3.21)

foreach(_var WORK_DIR PREFIX SOURCE_DIR LIBDIR C_COMPILER CXX_COMPILER GENERATOR MODEL)
  if(NOT DEFINED ${_var})
    message(FATAL_ERROR "${CMAKE_SCRIPT_MODE_FILE}: -D${_var}=... is required")
  endif()
endforeach()

set(SAMPLE_TEXT "${CMAKE_CURRENT_LIST_DIR}/sample.txt")
set(EXPECTED_OUTPUT "${CMAKE_CURRENT_LIST_DIR}/expected_tiny.txt")
# Consumers are compiled with warnings as errors: topica's headers must be warning-free in
# C99 and C++17.
set(STRICT_C_FLAGS "-Wall -Wextra -Wpedantic -Werror")
set(STRICT_CXX_FLAGS "-Wall -Wextra -Wpedantic -Werror")

# run(<what> COMMAND ...): runs a command, echoes it, fails the test with its output if it fails.
function(run what)
  cmake_parse_arguments(arg "" "WORKING_DIRECTORY;OUTPUT_VARIABLE;INPUT_FILE" "COMMAND" ${ARGN})
  string(REPLACE ";" " " _cmd "${arg_COMMAND}")
  message(STATUS "[${what}] ${_cmd}")
  set(_extra "")
  if(arg_WORKING_DIRECTORY)
    list(APPEND _extra WORKING_DIRECTORY "${arg_WORKING_DIRECTORY}")
  endif()
  if(arg_INPUT_FILE)
    list(APPEND _extra INPUT_FILE "${arg_INPUT_FILE}")
  endif()
  execute_process(COMMAND ${arg_COMMAND} ${_extra}
                  RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "[${what}] failed (${_rc}):\n${_cmd}\n--- stdout\n${_out}\n--- stderr\n${_err}")
  endif()
  if(arg_OUTPUT_VARIABLE)
    set(${arg_OUTPUT_VARIABLE} "${_out}" PARENT_SCOPE)
  endif()
endfunction()

# fresh_dir(<dir>): an empty directory.
function(fresh_dir dir)
  file(REMOVE_RECURSE "${dir}")
  file(MAKE_DIRECTORY "${dir}")
endfunction()

# check_classifier_output(<what> <exe> [ENV k=v...]): runs <exe> on the sample text with the
# tiny model as the default model, and compares its stdout with the expected output.
function(check_classifier_output what exe)
  cmake_parse_arguments(arg "" "" "ENV" ${ARGN})
  run("${what}" COMMAND "${CMAKE_COMMAND}" -E env "TOPICA_MODEL=${MODEL}" ${arg_ENV} "${exe}"
      INPUT_FILE "${SAMPLE_TEXT}" OUTPUT_VARIABLE _out)
  file(READ "${EXPECTED_OUTPUT}" _expected)
  if(NOT _out STREQUAL _expected)
    message(FATAL_ERROR "[${what}] ${exe} printed\n${_out}\nexpected\n${_expected}")
  endif()
  message(STATUS "[${what}] output OK:\n${_out}")
endfunction()

# configure_and_build(<what> <source> <binary> [LENIENT] [ARGS ...] [TARGETS ...]): a consumer
# project, compiled with STRICT_*_FLAGS unless LENIENT.
function(configure_and_build what src bin)
  cmake_parse_arguments(arg "LENIENT" "" "ARGS;TARGETS" ${ARGN})
  fresh_dir("${bin}")
  set(_flags "")
  if(NOT arg_LENIENT)
    set(_flags "-DCMAKE_C_FLAGS=${STRICT_C_FLAGS}" "-DCMAKE_CXX_FLAGS=${STRICT_CXX_FLAGS}")
  endif()
  run("${what}: configure" COMMAND "${CMAKE_COMMAND}" -S "${src}" -B "${bin}" -G "${GENERATOR}"
      "-DCMAKE_C_COMPILER=${C_COMPILER}" "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}" ${_flags} ${arg_ARGS})
  set(_targets "")
  if(arg_TARGETS)
    set(_targets --target ${arg_TARGETS})
  endif()
  run("${what}: build" COMMAND "${CMAKE_COMMAND}" --build "${bin}" --parallel 2 ${_targets})
endfunction()

# elf_needed(<file> <var>): the file's DT_NEEDED entries ("" if READELF is not available).
function(elf_needed file var)
  set(_needed "")
  if(READELF)
    execute_process(COMMAND "${READELF}" -d "${file}" OUTPUT_VARIABLE _dyn RESULT_VARIABLE _rc)
    string(REGEX MATCHALL "Shared library: \\[[^]]+\\]" _lines "${_dyn}")
    foreach(_l IN LISTS _lines)
      string(REGEX REPLACE "Shared library: \\[([^]]+)\\]" "\\1" _l "${_l}")
      list(APPEND _needed "${_l}")
    endforeach()
  endif()
  set(${var} "${_needed}" PARENT_SCOPE)
endfunction()
