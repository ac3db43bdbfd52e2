#include "topica/version.h"

#ifndef TOPICA_VERSION_STRING
#error "TOPICA_VERSION_STRING must be defined by the build"
#endif

namespace topica {

const char* Version() { return TOPICA_VERSION_STRING; }

}  // namespace topica
