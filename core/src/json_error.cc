#include "json_error.h"

#include <nlohmann/json.hpp>

namespace topica::internal {
namespace {

using nlohmann::json;

// Ignores every value and keeps the parser's error message.
class ErrorSax : public nlohmann::json_sax<json> {
 public:
  std::string message;
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& ex) override {
    message = JsonParseErrorMessage(ex.what(), position);
    return false;
  }
};

}  // namespace

std::string JsonParseErrorMessage(std::string_view what, std::size_t position) {
  std::string message(what);
  if (!message.empty() && message[0] == '[') {
    const size_t close = message.find("] ");
    if (close != std::string::npos) message.erase(0, close + 2);
  }
  if (message.empty()) message = "syntax error at byte " + std::to_string(position);
  return message;
}

std::string JsonParseError(std::string_view text) {
  ErrorSax sax;
  json::sax_parse(text.begin(), text.end(), &sax, nlohmann::detail::input_format_t::json,
                  /*strict=*/true);
  return sax.message;
}

}  // namespace topica::internal
