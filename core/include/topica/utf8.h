// UTF-8 validation: topica reads UTF-8 text, and its tools reject input that is not.
#ifndef TOPICA_UTF8_H_
#define TOPICA_UTF8_H_

#include <cstddef>
#include <string_view>

namespace topica {

// True when `bytes` is well-formed UTF-8 (RFC 3629: no overlong forms, surrogates or code
// points above U+10FFFF); otherwise sets *bad_offset (if given) to the first bad byte.
bool IsValidUtf8(std::string_view bytes, size_t* bad_offset = nullptr);

}  // namespace topica

#endif  // TOPICA_UTF8_H_
