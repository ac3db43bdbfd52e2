# cmake -P script run after every wasm link: assembles the npm package folder ${DIST}.
# Inputs (-D): DIST GLUE WASM PACKAGE_JSON TYPES README DEFAULT_MODEL.
foreach(var DIST GLUE WASM PACKAGE_JSON TYPES README DEFAULT_MODEL)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "assemble_package.cmake: -D${var}=... is required")
  endif()
endforeach()

file(MAKE_DIRECTORY "${DIST}")
# Emscripten glue + topica.mjs (appended by --extern-post-js) form one ES module.
configure_file("${GLUE}" "${DIST}/topica.mjs" COPYONLY)
configure_file("${WASM}" "${DIST}/topica.wasm" COPYONLY)
configure_file("${PACKAGE_JSON}" "${DIST}/package.json" COPYONLY)
configure_file("${TYPES}" "${DIST}/topica.d.ts" COPYONLY)
configure_file("${README}" "${DIST}/README.md" COPYONLY)

# The shipped default model, used by Topica.load() with no argument, is bundled when the source
# tree has it; a stale copy is removed when it does not.
get_filename_component(_model_name "${DEFAULT_MODEL}" NAME)
if(EXISTS "${DEFAULT_MODEL}")
  configure_file("${DEFAULT_MODEL}" "${DIST}/${_model_name}" COPYONLY)
  message(STATUS "topica wasm package: bundled the default model ${_model_name}")
else()
  file(REMOVE "${DIST}/${_model_name}")
  message(STATUS "topica wasm package: ${DEFAULT_MODEL} does not exist yet; "
                 "Topica.load() without a source will report that no default model is bundled")
endif()
