// topica's version, for checking that a program runs against the library it was built with.
#ifndef TOPICA_VERSION_H_
#define TOPICA_VERSION_H_

namespace topica {

// "MAJOR.MINOR.PATCH" of the linked library.
const char* Version();

}  // namespace topica

#endif  // TOPICA_VERSION_H_
