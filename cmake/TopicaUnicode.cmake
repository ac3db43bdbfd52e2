# Unicode tables for the tokenizer, generated at build time from Debian's unicode-data
# (UnicodeData.txt, CaseFolding.txt, Scripts.txt) rather than typed by hand.
set(TOPICA_UNICODE_DIR "/usr/share/unicode" CACHE PATH "Directory holding the Unicode Character Database")
foreach(_f UnicodeData.txt CaseFolding.txt Scripts.txt ScriptExtensions.txt)
  if(NOT EXISTS "${TOPICA_UNICODE_DIR}/${_f}")
    message(FATAL_ERROR "topica: ${TOPICA_UNICODE_DIR}/${_f} not found. Install Debian's unicode-data "
                        "package or set TOPICA_UNICODE_DIR to a Unicode Character Database.")
  endif()
endforeach()
set(TOPICA_UNICODE_TABLES "${CMAKE_CURRENT_BINARY_DIR}/generated/unicode_tables.inc")
add_custom_command(
  OUTPUT "${TOPICA_UNICODE_TABLES}"
  COMMAND Python3::Interpreter "${CMAKE_CURRENT_LIST_DIR}/gen_unicode_tables.py"
          "${TOPICA_UNICODE_DIR}" "${TOPICA_UNICODE_TABLES}"
  DEPENDS "${CMAKE_CURRENT_LIST_DIR}/gen_unicode_tables.py"
          "${TOPICA_UNICODE_DIR}/UnicodeData.txt" "${TOPICA_UNICODE_DIR}/CaseFolding.txt"
          "${TOPICA_UNICODE_DIR}/Scripts.txt" "${TOPICA_UNICODE_DIR}/ScriptExtensions.txt"
  COMMENT "Generating Unicode tables from ${TOPICA_UNICODE_DIR}"
  VERBATIM)
