// The tfviz Python extension module: `import tfviz` loads it as tfviz._tfviz (see module.hpp).
#include "python/module.hpp"

PYBIND11_MODULE(_tfviz, m) {
  tfviz::python::defineModule(m);
}
