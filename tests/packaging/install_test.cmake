# packaging.install (fixture for the consumer tests): installs this build tree into a clean
# prefix and checks what landed there. Extra -D: BUILD_DIR, CONFIG, VERSION, SOVERSION,
# READELF, NM (may be empty), EXPECT_CLI (1 if the CLI is built), MODEL_NAME (default model).
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")

fresh_dir("${PREFIX}")
set(_config "")
if(CONFIG)
  set(_config --config "${CONFIG}")
endif()
run(install COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${PREFIX}" ${_config})

# ---- The file list ------------------------------------------------------------------------
file(GLOB_RECURSE _files LIST_DIRECTORIES false RELATIVE "${PREFIX}" "${PREFIX}/*")
list(SORT _files)
string(REPLACE ";" "\n" _listing "${_files}")
file(WRITE "${WORK_DIR}/installed-files.txt" "${_listing}\n")
message(STATUS "installed into ${PREFIX}:\n${_listing}")

function(expect_file rel)
  if(NOT EXISTS "${PREFIX}/${rel}")
    message(FATAL_ERROR "not installed: ${rel}")
  endif()
endfunction()

# Every header in core/include/topica is public.
file(GLOB _headers RELATIVE "${SOURCE_DIR}/core/include" "${SOURCE_DIR}/core/include/topica/*.h")
foreach(_h IN LISTS _headers)
  expect_file("include/${_h}")
endforeach()
foreach(_lib topica topica_train)
  expect_file("${LIBDIR}/lib${_lib}.a")
  expect_file("${LIBDIR}/lib${_lib}.so")
  expect_file("${LIBDIR}/lib${_lib}.so.${SOVERSION}")
  expect_file("${LIBDIR}/lib${_lib}.so.${VERSION}")
  expect_file("${LIBDIR}/pkgconfig/${_lib}.pc")
endforeach()
foreach(_f topicaConfig.cmake topicaConfigVersion.cmake topica-static-targets.cmake
           topica-shared-targets.cmake)
  expect_file("${LIBDIR}/cmake/topica/${_f}")
endforeach()
if(EXPECT_CLI)
  expect_file("bin/topica")
endif()
if(EXISTS "${SOURCE_DIR}/models/${MODEL_NAME}")
  expect_file("share/topica/models/${MODEL_NAME}")
else()
  message(STATUS "models/${MODEL_NAME} does not exist yet: not installed (OPTIONAL)")
endif()

# ---- Nothing installed refers to the private dependencies or to the build machine's trees ---
file(GLOB _meta "${PREFIX}/${LIBDIR}/cmake/topica/*" "${PREFIX}/${LIBDIR}/pkgconfig/*")
foreach(_f IN LISTS _meta)
  file(READ "${_f}" _text)
  string(REGEX REPLACE "(^|\n)[ \t]*#[^\n]*" "\\1" _text "${_text}")  # comments may say "Eigen"
  string(REPLACE "${PREFIX}" "<prefix>" _text "${_text}")  # the prefix may be inside the build tree
  foreach(_bad Eigen nlohmann "${SOURCE_DIR}" "${BUILD_DIR}")
    string(FIND "${_text}" "${_bad}" _at)
    if(NOT _at EQUAL -1)
      message(FATAL_ERROR "${_f} mentions '${_bad}':\n${_text}")
    endif()
  endforeach()
endforeach()
file(GLOB _installed_headers "${PREFIX}/include/topica/*.h")
foreach(_h IN LISTS _installed_headers)
  file(STRINGS "${_h}" _includes REGEX "^#[ \t]*include")
  foreach(_inc IN LISTS _includes)
    if(_inc MATCHES "Eigen|nlohmann" OR (_inc MATCHES "\"" AND NOT _inc MATCHES "\"topica/"))
      message(FATAL_ERROR "${_h}: public headers include only the standard library and topica/: ${_inc}")
    endif()
  endforeach()
endforeach()

# ---- Shared libraries: versioned soname, only topica's own symbols exported ----------------
if(READELF)
  foreach(_lib topica topica_train)
    execute_process(COMMAND "${READELF}" -d "${PREFIX}/${LIBDIR}/lib${_lib}.so.${VERSION}"
                    OUTPUT_VARIABLE _dyn)
    if(NOT _dyn MATCHES "Library soname: \\[lib${_lib}\\.so\\.${SOVERSION}\\]")
      message(FATAL_ERROR "lib${_lib}.so: soname is not lib${_lib}.so.${SOVERSION}:\n${_dyn}")
    endif()
    message(STATUS "lib${_lib}.so.${VERSION}: soname lib${_lib}.so.${SOVERSION}")
  endforeach()
endif()
if(NM)
  execute_process(COMMAND "${NM}" -D -C --defined-only "${PREFIX}/${LIBDIR}/libtopica.so.${VERSION}"
                  OUTPUT_VARIABLE _syms RESULT_VARIABLE _rc)
  if(_rc EQUAL 0)
    # Every exported symbol is topica's own (not Eigen's, nlohmann's or the standard library's).
    set(_own "(topica::|topica_|typeinfo for topica::|typeinfo name for topica::|vtable for topica::|VTT for topica::|guard variable for topica::|TLS init function for topica::|TLS wrapper function for topica::|non-virtual thunk to topica::|virtual thunk to topica::)")
    string(REGEX REPLACE "[0-9a-f]+ [A-Za-z] ${_own}[^\n]*\n" "" _foreign "${_syms}")
    string(STRIP "${_foreign}" _foreign)
    if(NOT _foreign STREQUAL "")
      message(FATAL_ERROR "libtopica.so exports symbols that are not topica's:\n${_foreign}")
    endif()
    string(REGEX MATCHALL "\n[0-9a-f]+ T topica_[a-z_]+" _c_api "\n${_syms}")
    list(LENGTH _c_api _n)
    if(_n LESS 30)
      message(FATAL_ERROR "libtopica.so exports only ${_n} C API functions:\n${_syms}")
    endif()
    message(STATUS "libtopica.so exports ${_n} C API functions and no symbols but topica's")
  endif()
endif()

# ---- The installed CLI ---------------------------------------------------------------------
if(NOT EXPECT_CLI)
  message(STATUS "install OK (no CLI: TOPICA_BUILD_TOOLS=OFF): ${PREFIX}")
  return()
endif()
run("installed CLI" COMMAND "${PREFIX}/bin/topica" --version OUTPUT_VARIABLE _v)
run("installed CLI, model from TOPICA_MODEL" COMMAND "${CMAKE_COMMAND}" -E env "TOPICA_MODEL=${MODEL}"
    "${PREFIX}/bin/topica" info)
if(EXISTS "${PREFIX}/share/topica/models/${MODEL_NAME}")
  # No TOPICA_MODEL: the CLI finds the default model at <exe>/../share/topica/models.
  run("installed CLI, installed default model" COMMAND "${CMAKE_COMMAND}" -E env --unset=TOPICA_MODEL
      "${PREFIX}/bin/topica" info)
endif()
message(STATUS "install OK: ${PREFIX}")
