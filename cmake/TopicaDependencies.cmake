# Third-party packages, all from Debian: Eigen and nlohmann/json are header-only and are
# linked PRIVATE to topica's libraries, so they never reach a consumer's include path.
if(EMSCRIPTEN)
  # Debian's emscripten runs its JS optimizer with the machine's `node`, which must find
  # Debian's acorn in /usr/share/nodejs (NodeSource's node 20 does not look there).
  if(NOT DEFINED ENV{NODE_PATH} AND EXISTS /usr/share/nodejs/acorn)
    set(CMAKE_CXX_LINKER_LAUNCHER ${CMAKE_COMMAND} -E env NODE_PATH=/usr/share/nodejs)
  endif()
  # Emscripten.cmake confines find_package to its sysroot; both packages are header-only and
  # architecture-independent, so look for them on the host.
  find_package(Eigen3 3.3 REQUIRED NO_MODULE NO_CMAKE_FIND_ROOT_PATH)
  find_package(nlohmann_json 3.10 REQUIRED NO_CMAKE_FIND_ROOT_PATH)
  # nlohmann_json exports -isystem /usr/include, which would pull glibc headers into the wasm
  # compile. Point it at a directory holding only the nlohmann/ header folder.
  set(_topica_host_hdrs "${CMAKE_BINARY_DIR}/host-headers")
  file(MAKE_DIRECTORY "${_topica_host_hdrs}")
  get_target_property(_nl_inc nlohmann_json::nlohmann_json INTERFACE_INCLUDE_DIRECTORIES)
  list(GET _nl_inc 0 _nl_inc)
  if(NOT EXISTS "${_topica_host_hdrs}/nlohmann")
    file(CREATE_LINK "${_nl_inc}/nlohmann" "${_topica_host_hdrs}/nlohmann" SYMBOLIC)
  endif()
  set_target_properties(nlohmann_json::nlohmann_json PROPERTIES
                        INTERFACE_INCLUDE_DIRECTORIES "${_topica_host_hdrs}")
else()
  find_package(Eigen3 3.3 REQUIRED NO_MODULE)
  find_package(nlohmann_json 3.10 REQUIRED)
endif()
find_package(Python3 REQUIRED COMPONENTS Interpreter)  # generates the Unicode tables
