// doctest's main for the unit tests (pure CPU, no GL).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
