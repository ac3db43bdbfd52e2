# Installation: headers, the static AND the shared libraries, the CLI, the default model, a
# CMake package (find_package(topica CONFIG) -> topica::topica, topica::train) and pkg-config
# files. Included from the top-level CMakeLists.txt after core/ and tools/.
#
# Static and shared from one build: `topica` and `topica_train` (the targets the rest of this
# tree links; their type follows BUILD_SHARED_LIBS, static by default) each get a twin of the
# other type, linked from the SAME object files ($<TARGET_OBJECTS:...>; they are compiled
# with -fPIC already), so nothing is compiled twice. Each type goes to its own export set
# with the same exported names, and topicaConfig.cmake includes one of them:
#   topica-static-targets.cmake: topica::topica, topica::train  (libtopica.a, libtopica_train.a)
#   topica-shared-targets.cmake: topica::topica, topica::train  (libtopica.so.0, libtopica_train.so.0)
# so a consumer writes topica::topica either way and picks the type at find_package time.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)
include(CheckLinkerFlag)

# Exports only topica's own symbols from the shared libraries: the C API (topica_*) and the
# topica:: namespace. Inlined code of the private header-only dependencies (Eigen,
# nlohmann/json) and of the standard library stays local, so it never interposes on, or is
# interposed by, a consumer's copy of another version.
set(_topica_exports_map "${CMAKE_CURRENT_LIST_DIR}/topica_exports.map")
check_linker_flag(CXX "LINKER:--version-script=${_topica_exports_map}" TOPICA_HAVE_VERSION_SCRIPT)

function(_topica_shared_library_properties target)
  set_target_properties(${target} PROPERTIES VERSION ${PROJECT_VERSION} SOVERSION ${TOPICA_SOVERSION})
  if(target MATCHES "^topica_train")
    # libtopica_train.so finds libtopica.so next to it wherever the prefix is moved.
    set_target_properties(${target} PROPERTIES
      INSTALL_RPATH "$<IF:$<PLATFORM_ID:Darwin>,@loader_path,$ORIGIN>")
  endif()
  if(TOPICA_HAVE_VERSION_SCRIPT)
    target_link_options(${target} PRIVATE "LINKER:--version-script=${_topica_exports_map}")
    set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS "${_topica_exports_map}")
  endif()
endfunction()

# _topica_add_twin(<target> <twin> [LINK <libs>...]): a library of the other type than
# <target>, made from <target>'s objects, with the same public usage requirements.
# <target>'s link dependencies are not copied (today it has none outside the build tree):
# if it ever gains one, pass it with LINK.
function(_topica_add_twin target twin)
  cmake_parse_arguments(arg "" "" "LINK" ${ARGN})
  get_target_property(_type ${target} TYPE)
  if(_type STREQUAL "STATIC_LIBRARY")
    set(_twin_type SHARED)
  else()
    set(_twin_type STATIC)
  endif()
  get_target_property(_name ${target} OUTPUT_NAME)
  if(NOT _name)
    set(_name ${target})
  endif()
  get_target_property(_dir ${target} BINARY_DIR)
  add_library(${twin} ${_twin_type} $<TARGET_OBJECTS:${target}>)
  set_target_properties(${twin} PROPERTIES OUTPUT_NAME ${_name} CXX_EXTENSIONS OFF
                                           POSITION_INDEPENDENT_CODE ON LINKER_LANGUAGE CXX
                                           LIBRARY_OUTPUT_DIRECTORY "${_dir}"
                                           ARCHIVE_OUTPUT_DIRECTORY "${_dir}"
                                           RUNTIME_OUTPUT_DIRECTORY "${_dir}")
  if(WIN32 AND _twin_type STREQUAL "STATIC")
    set_target_properties(${twin} PROPERTIES OUTPUT_NAME ${_name}_static)  # vs the DLL's .lib
  endif()
  foreach(_prop INTERFACE_INCLUDE_DIRECTORIES INTERFACE_COMPILE_FEATURES
                INTERFACE_COMPILE_DEFINITIONS INTERFACE_COMPILE_OPTIONS)
    get_target_property(_value ${target} ${_prop})
    if(_value)
      set_property(TARGET ${twin} PROPERTY ${_prop} "${_value}")
    endif()
  endforeach()
  if(arg_LINK)
    target_link_libraries(${twin} PUBLIC ${arg_LINK})
  endif()
endfunction()

# ---- Libraries: which target is static and which is shared ------------------------------
get_target_property(_topica_type topica TYPE)
set(_topica_static_targets "")
set(_topica_shared_targets "")
foreach(_lib topica topica_train)
  if(NOT TARGET ${_lib})
    continue()
  endif()
  if(_topica_type STREQUAL "STATIC_LIBRARY")
    list(APPEND _topica_static_targets ${_lib})
  else()
    list(APPEND _topica_shared_targets ${_lib})
    _topica_shared_library_properties(${_lib})
  endif()
endforeach()

if(TOPICA_BUILD_BOTH_LIBS)
  if(_topica_type STREQUAL "STATIC_LIBRARY")
    set(_twin_suffix _shared)
  else()
    set(_twin_suffix _static)
  endif()
  _topica_add_twin(topica topica${_twin_suffix})
  if(TARGET topica_train)
    _topica_add_twin(topica_train topica_train${_twin_suffix} LINK topica${_twin_suffix})
  endif()
  foreach(_lib topica topica_train)
    if(TARGET ${_lib}${_twin_suffix})
      if(_twin_suffix STREQUAL "_shared")
        list(APPEND _topica_shared_targets ${_lib}${_twin_suffix})
        _topica_shared_library_properties(${_lib}${_twin_suffix})
      else()
        list(APPEND _topica_static_targets ${_lib}${_twin_suffix})
      endif()
    endif()
  endforeach()
endif()

# Exported names: topica::topica and topica::train, whichever type.
foreach(_lib IN LISTS _topica_static_targets _topica_shared_targets)
  if(_lib MATCHES "^topica_train")
    set_target_properties(${_lib} PROPERTIES EXPORT_NAME train)
  else()
    set_target_properties(${_lib} PROPERTIES EXPORT_NAME topica)
  endif()
endforeach()

if(NOT TOPICA_INSTALL)
  return()
endif()

set(TOPICA_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/topica"
    CACHE STRING "Where to install topica's CMake package, relative to the prefix")
mark_as_advanced(TOPICA_INSTALL_CMAKEDIR)

# ---- Headers: every header in core/include/topica is public ------------------------------
install(DIRECTORY "${PROJECT_SOURCE_DIR}/core/include/topica"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
        COMPONENT topica_development
        FILES_MATCHING PATTERN "*.h")

# ---- Libraries and their CMake export sets ----------------------------------------------
# The targets' own INSTALL_INTERFACE include dir is "include"; add the real one if it differs.
set(_topica_includes "")
if(NOT CMAKE_INSTALL_INCLUDEDIR STREQUAL "include")
  set(_topica_includes INCLUDES DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
endif()
foreach(_kind static shared)
  if(NOT _topica_${_kind}_targets)
    continue()
  endif()
  install(TARGETS ${_topica_${_kind}_targets}
          EXPORT topica-${_kind}-targets
          RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" COMPONENT topica_runtime
          LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT topica_runtime
                  NAMELINK_COMPONENT topica_development
          ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT topica_development
          ${_topica_includes})
  install(EXPORT topica-${_kind}-targets
          NAMESPACE topica::
          DESTINATION "${TOPICA_INSTALL_CMAKEDIR}"
          COMPONENT topica_development)
endforeach()

# ---- The CLI and the default model ------------------------------------------------------
if(TARGET topica_cli)
  if(_topica_type STREQUAL "SHARED_LIBRARY")  # BUILD_SHARED_LIBS=ON: the CLI loads libtopica*.so
    file(RELATIVE_PATH _lib_from_bin "${CMAKE_INSTALL_FULL_BINDIR}" "${CMAKE_INSTALL_FULL_LIBDIR}")
    set_target_properties(topica_cli PROPERTIES
      INSTALL_RPATH "$<IF:$<PLATFORM_ID:Darwin>,@loader_path,$ORIGIN>/${_lib_from_bin}")
  endif()
  install(TARGETS topica_cli RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" COMPONENT topica_runtime)
endif()
# The default model may not exist yet in a fresh checkout (it is trained, not written by
# hand): OPTIONAL installs it when it is there at install time and skips it otherwise.
# Classifier::DefaultModelPath() looks in <datadir>/topica/models and <exe>/../share/topica/models.
install(FILES "${PROJECT_SOURCE_DIR}/models/${TOPICA_DEFAULT_MODEL_NAME}"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/topica/models"
        COMPONENT topica_runtime
        OPTIONAL)

# ---- CMake package ----------------------------------------------------------------------
configure_package_config_file(
  "${CMAKE_CURRENT_LIST_DIR}/topicaConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/topicaConfig.cmake"
  INSTALL_DESTINATION "${TOPICA_INSTALL_CMAKEDIR}")
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/topicaConfigVersion.cmake"
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMajorVersion)
install(FILES "${PROJECT_BINARY_DIR}/topicaConfig.cmake"
              "${PROJECT_BINARY_DIR}/topicaConfigVersion.cmake"
        DESTINATION "${TOPICA_INSTALL_CMAKEDIR}"
        COMPONENT topica_development)

# ---- pkg-config -------------------------------------------------------------------------
# Configured in two steps: everything but the prefix now, the prefix at install time, so
# `cmake --install <build> --prefix <dir>` writes <dir> into the file.
foreach(_dir LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${_dir}}")
    set(TOPICA_PC_${_dir} "${CMAKE_INSTALL_${_dir}}")
  else()
    set(TOPICA_PC_${_dir} "\${prefix}/${CMAKE_INSTALL_${_dir}}")
  endif()
endforeach()
set(TOPICA_PC_PREFIX "@TOPICA_PC_PREFIX@")  # kept for the second step
foreach(_pc topica topica_train)
  if(TARGET ${_pc})
    configure_file("${CMAKE_CURRENT_LIST_DIR}/${_pc}.pc.in"
                   "${PROJECT_BINARY_DIR}/pkgconfig/${_pc}.pc.in" @ONLY)
    install(CODE "
      set(TOPICA_PC_PREFIX \"\${CMAKE_INSTALL_PREFIX}\")
      configure_file(\"${PROJECT_BINARY_DIR}/pkgconfig/${_pc}.pc.in\"
                     \"${PROJECT_BINARY_DIR}/pkgconfig/${_pc}.pc\" @ONLY)"
      COMPONENT topica_development)
    install(FILES "${PROJECT_BINARY_DIR}/pkgconfig/${_pc}.pc"
            DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig"
            COMPONENT topica_development)
  endif()
endforeach()
