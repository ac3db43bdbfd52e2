# packaging.add_subdirectory: a parent project vendors the topica checkout with
# add_subdirectory() and builds topica's examples; only the library they need is compiled.
# LENIENT: the parent's flags apply to topica's own sources here, and their warnings are the
# unit builds' business (TOPICA_WARNINGS_AS_ERRORS), not this test's.
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")

set(_bin "${WORK_DIR}/build")
configure_and_build("add_subdirectory" "${CMAKE_CURRENT_LIST_DIR}/add_subdirectory" "${_bin}"
                    LENIENT ARGS "-DTOPICA_SOURCE_DIR=${SOURCE_DIR}"
                    TARGETS classify_stdin classify_stdin_c)
if(EXISTS "${_bin}/topica/tests" OR EXISTS "${_bin}/topica/tools")
  message(FATAL_ERROR "add_subdirectory(topica) configured its tests or tools")
endif()
foreach(_exe classify_stdin classify_stdin_c)
  check_classifier_output("${_exe} (add_subdirectory)" "${_bin}/examples/${_exe}")
endforeach()
message(STATUS "add_subdirectory consumer OK")
