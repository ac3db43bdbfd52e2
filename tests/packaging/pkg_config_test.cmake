# packaging.pkg_config: compiles the examples with nothing but the compiler and pkg-config,
# as a Makefile user would, against the installed topica.pc:
#   C, shared:   cc  -std=c99   classify_stdin.c  $(pkg-config --cflags --libs topica)
#   C, static:   cc  -std=c99   classify_stdin.c  $(pkg-config --cflags topica) with
#                $(pkg-config --static --libs topica) and -ltopica made static (needs Libs.private)
#   C++, shared: c++ -std=c++17 classify_stdin.cc $(pkg-config --cflags --libs topica)
# Extra -D: PKG_CONFIG, VERSION, READELF (may be empty).
include("${CMAKE_CURRENT_LIST_DIR}/common.cmake")

if(NOT PKG_CONFIG)
  message(FATAL_ERROR "pkg-config was not found when topica was configured")
endif()
fresh_dir("${WORK_DIR}")
set(ENV{PKG_CONFIG_PATH} "${PREFIX}/${LIBDIR}/pkgconfig")
unset(ENV{PKG_CONFIG_LIBDIR})

function(pkg_config var)
  string(REPLACE ";" " " _args "${ARGN}")
  run("pkg-config ${_args}" COMMAND "${PKG_CONFIG}" ${ARGN} OUTPUT_VARIABLE _out)
  string(STRIP "${_out}" _out)
  separate_arguments(_out UNIX_COMMAND "${_out}")
  set(${var} "${_out}" PARENT_SCOPE)
endfunction()

pkg_config(_version --modversion topica)
if(NOT _version STREQUAL VERSION)
  message(FATAL_ERROR "pkg-config --modversion topica: '${_version}', expected '${VERSION}'")
endif()
pkg_config(_train_libs --libs topica_train)
if(NOT "-ltopica_train" IN_LIST _train_libs OR NOT "-ltopica" IN_LIST _train_libs)
  message(FATAL_ERROR "pkg-config --libs topica_train: ${_train_libs}")
endif()
pkg_config(_cflags --cflags topica)
pkg_config(_libs --libs topica)
pkg_config(_static_libs --static --libs topica)
list(TRANSFORM _static_libs REPLACE "^-ltopica$" "-Wl,-Bstatic;-ltopica;-Wl,-Bdynamic")
separate_arguments(_strict UNIX_COMMAND "${STRICT_C_FLAGS}")

set(_src "${SOURCE_DIR}/examples")
set(_lib_path "LD_LIBRARY_PATH=${PREFIX}/${LIBDIR}")
run("C, shared" COMMAND "${C_COMPILER}" -std=c99 ${_strict} "${_src}/classify_stdin.c"
    -o "${WORK_DIR}/c_shared" ${_cflags} ${_libs})
check_classifier_output("C, shared" "${WORK_DIR}/c_shared" ENV "${_lib_path}")

run("C, static" COMMAND "${C_COMPILER}" -std=c99 ${_strict} "${_src}/classify_stdin.c"
    -o "${WORK_DIR}/c_static" ${_cflags} ${_static_libs})
# No LD_LIBRARY_PATH: the program must not need libtopica.so.
check_classifier_output("C, static" "${WORK_DIR}/c_static")
elf_needed("${WORK_DIR}/c_static" _needed)
if(_needed MATCHES "libtopica")
  message(FATAL_ERROR "the static C program loads a shared topica: ${_needed}")
endif()

run("C++, shared" COMMAND "${CXX_COMPILER}" -std=c++17 ${_strict} "${_src}/classify_stdin.cc"
    -o "${WORK_DIR}/cxx_shared" ${_cflags} ${_libs})
check_classifier_output("C++, shared" "${WORK_DIR}/cxx_shared" ENV "${_lib_path}")
message(STATUS "pkg-config consumers OK")
