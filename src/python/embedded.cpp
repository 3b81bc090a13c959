// The embedded interpreter for scene files (see embedded.hpp).
#include "python/embedded.hpp"

#include <memory>
#include <string>

#include <pybind11/embed.h>

#include "app/scene_file.hpp"
#include "core/log.hpp"
#include "python/module.hpp"

namespace py = pybind11;

PYBIND11_EMBEDDED_MODULE(_tfviz, m) {
  tfviz::python::defineModule(m);
}

namespace tfviz::python {
namespace {

// Starts the interpreter once and makes `import tfviz` find the package's Python files and this
// executable's own _tfviz (never a separately built extension module).
void startPython() {
  // Started once and never finalized: finalizing in the exit handlers, after other statics are
  // gone, crashed with torch loaded; the process ends without it instead.
  static py::scoped_interpreter* interpreter = nullptr;
  if (interpreter != nullptr) return;
  interpreter = new py::scoped_interpreter();
  py::module_ sys = py::module_::import("sys");
  sys.attr("path").attr("insert")(0, TFVIZ_PYTHON_DIR);
  sys.attr("modules")["tfviz._tfviz"] = py::module_::import("_tfviz");
}

class PythonSceneFile : public SceneFile {
 public:
  explicit PythonSceneFile(std::string path) : m_path(std::move(path)) {}

  SceneLoad load() override {
    SceneLoad out;
    try {
      startPython();
      // tfviz._scene runs the file and turns any Python error into one line.
      py::tuple result = py::module_::import("tfviz._scene").attr("load_scene")(m_path);
      out.error = result[1].cast<std::string>();
      if (!out.error.empty()) return out;
      for (py::handle item : result[0].cast<py::list>())
        out.sections.push_back(*item.cast<Script>());
    } catch (const std::exception& e) {
      out.sections.clear();
      out.error = std::string("Python: ") + e.what();
      const size_t newline = out.error.find('\n');
      if (newline != std::string::npos) out.error.resize(newline);
    }
    return out;
  }

 private:
  std::string m_path;
};

}  // namespace

void enableSceneFiles() {
  setSceneFileOpener(
      [](const std::string& path) { return std::make_unique<PythonSceneFile>(path); });
}

}  // namespace tfviz::python
