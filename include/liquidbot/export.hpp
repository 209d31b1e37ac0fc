// Symbol visibility for the C++ API of the shared library.
#pragma once

#if defined(LIQUIDBOT_STATIC)
#define LIQUIDBOT_API
#elif defined(_WIN32)
#if defined(LIQUIDBOT_BUILDING)
#define LIQUIDBOT_API __declspec(dllexport)
#else
#define LIQUIDBOT_API __declspec(dllimport)
#endif
#else
#define LIQUIDBOT_API __attribute__((visibility("default")))
#endif
