// The JSON parser's own description of why a text is not valid JSON, for error messages.
#ifndef TOPICA_SRC_JSON_ERROR_H_
#define TOPICA_SRC_JSON_ERROR_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace topica::internal {

// nlohmann/json's message without its "[json.exception.parse_error.101] " prefix, e.g.
// "parse error at line 2, column 1: syntax error while parsing value - unexpected '{'";
// empty when `text` is valid JSON. Never throws.
std::string JsonParseError(std::string_view text);

// The same message from a SAX handler's parse_error(position, token, ex): pass ex.what().
std::string JsonParseErrorMessage(std::string_view what, std::size_t position);

}  // namespace topica::internal

#endif  // TOPICA_SRC_JSON_ERROR_H_
