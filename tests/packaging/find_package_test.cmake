# packaging.find_package: builds examples/ (as a user would: find_package(topica CONFIG)) and a
# topica::train consumer against the installed package, once with the static and once with the
# shared libraries, and runs them. Eigen and nlohmann/json are made unfindable: the package
# must not need them. Extra -D: READELF (may be empty).
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")

set(_no_private_deps -DCMAKE_DISABLE_FIND_PACKAGE_Eigen3=ON
                     -DCMAKE_DISABLE_FIND_PACKAGE_nlohmann_json=ON)
foreach(_kind static shared)
  if(_kind STREQUAL "shared")
    set(_shared ON)
  else()
    set(_shared OFF)
  endif()
  set(_args "-DCMAKE_PREFIX_PATH=${PREFIX}" -Dtopica_SHARED_LIBS=${_shared} ${_no_private_deps})

  set(_bin "${WORK_DIR}/examples-${_kind}")
  configure_and_build("examples (${_kind})" "${SOURCE_DIR}/examples" "${_bin}" ARGS ${_args})
  foreach(_exe classify_stdin classify_stdin_c)
    check_classifier_output("${_exe} (${_kind})" "${_bin}/${_exe}")
    elf_needed("${_bin}/${_exe}" _needed)
    if(READELF)
      if(_kind STREQUAL "shared" AND NOT "libtopica.so.${SOVERSION}" IN_LIST _needed)
        message(FATAL_ERROR "${_exe} (shared) does not load libtopica.so.${SOVERSION}: ${_needed}")
      elseif(_kind STREQUAL "static" AND _needed MATCHES "libtopica")
        message(FATAL_ERROR "${_exe} (static) loads a shared topica: ${_needed}")
      endif()
    endif()
  endforeach()

  set(_bin "${WORK_DIR}/train-${_kind}")
  string(TOUPPER "${_kind}" _type)
  configure_and_build("topica::train consumer (${_kind})" "${CMAKE_CURRENT_LIST_DIR}/find_package"
                      "${_bin}" ARGS ${_args} -DEXPECT_TYPE=${_type})
  run("train_and_classify (${_kind})" COMMAND "${_bin}/train_and_classify" OUTPUT_VARIABLE _out)
  message(STATUS "[train_and_classify (${_kind})] ${_out}")
endforeach()
message(STATUS "find_package consumers OK (static and shared)")
