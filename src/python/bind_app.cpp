// _tfviz: sections built in Python, rendered by the same commands as the command line: stills,
// PNG frames with their manifest, MP4, and the live window (see module.hpp). The sections are
// listed before the built-in ones (setSceneSections) for the length of one call.
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "app/commands.hpp"
#include "app/export_run.hpp"
#include "app/frame_renderer.hpp"
#include "app/headless_context.hpp"
#include "core/log.hpp"
#include "math/matmul.hpp"
#include "python/module.hpp"
#include "scene/sections/matmul.hpp"
#include "scene/sections/registry.hpp"

namespace py = pybind11;

namespace tfviz::python {
namespace {

// The sections of one call, listed first; the list goes back to the built-in ones after.
class UseSections {
 public:
  explicit UseSections(const std::vector<Script>& scripts) {
    std::vector<SectionInfo> infos;
    for (const Script& s : scripts) {
      if (!s) throw py::value_error("a section is None");
      infos.push_back(prebuiltSection(*s));
    }
    try {
      setSceneSections(std::move(infos));
    } catch (const std::invalid_argument& e) {
      throw py::value_error(e.what());
    }
  }
  ~UseSections() { setSceneSections({}); }
  UseSections(const UseSections&) = delete;
  UseSections& operator=(const UseSections&) = delete;
};

// A command's exit code as Python sees it: 0 returns, 2 (bad input) raises ValueError, anything
// else RuntimeError, with the command's error line.
void raiseFor(int code, const LogCapture& log, const std::string& what) {
  if (code == kExitOk) return;
  const std::string message = log.errors().empty() ? what + " failed" : log.errors();
  if (code == kExitBadInput) throw py::value_error(message);
  throw std::runtime_error(message);
}

// A command that runs long (an export, the window) with the GIL released, so other Python threads
// (a Jupyter kernel's) keep going; it calls no Python.
template <class Command>
int withoutGil(Command&& command) {
  py::gil_scoped_release release;
  return command();
}

FrameSize frameSize(int width, int height) {
  if (width < 16 || height < 16 || width > kMaxWidth || height > kMaxHeight)
    throw py::value_error("size " + std::to_string(width) + "x" + std::to_string(height) +
                          " is outside 16x16 to " + std::to_string(kMaxWidth) + "x" +
                          std::to_string(kMaxHeight));
  return {width, height};
}

// The headless context and atlas every still, frame and render of this process uses (the commands
// get it again from openHeadless): made on first use, kept to the end.
std::shared_ptr<Headless> headless() {
  static std::shared_ptr<Headless>* kept = nullptr;
  if (kept == nullptr) {
    LogCapture log;
    std::shared_ptr<Headless> made = openHeadless();
    if (!made) throw std::runtime_error(log.errors().empty() ? "no OpenGL context" : log.errors());
    kept = new std::shared_ptr<Headless>(std::move(made));  // never torn down: EGL at exit
  }
  return openHeadless();  // current again
}

}  // namespace

void bindApp(py::module_& m) {
  m.def(
      "still",
      [](const std::vector<Script>& scripts, const std::string& id, double t,
         const std::string& path, int width, int height) {
        StillCommand cmd{.section = id, .time = t, .out = path, .size = frameSize(width, height)};
        headless();
        LogCapture log;
        UseSections use(scripts);
        raiseFor(runStill(cmd), log, "still");
      },
      py::arg("sections"), py::arg("id"), py::arg("t"), py::arg("path"), py::arg("width"),
      py::arg("height"), "Renders one frame of section `id` to a PNG file, as `tfviz still`.");
  m.def(
      "render",
      [](const std::vector<Script>& scripts, const std::string& id, const std::string& out,
         const std::string& video, int width, int height, int fps, std::optional<double> from,
         std::optional<double> to, int ssaa, bool transparent) {
        if (fps < 1 || fps > 240) throw py::value_error("fps must be 1 to 240");
        if (ssaa < 1 || ssaa > 4) throw py::value_error("ssaa must be 1 to 4");
        RenderCommand cmd{.section = id,
                          .outDir = out,
                          .size = frameSize(width, height),
                          .fps = fps,
                          .from = from,
                          .to = to,
                          .ssaa = ssaa,
                          .transparent = transparent,
                          .video = video};
        headless();
        LogCapture log;
        UseSections use(scripts);
        const int code = withoutGil([&] { return runRenderCommand(cmd); });
        raiseFor(code, log, "render");
      },
      py::arg("sections"), py::arg("id"), py::arg("out") = "", py::arg("video") = "",
      py::arg("width") = 1920, py::arg("height") = 1080, py::arg("fps") = 60,
      py::arg("start") = py::none(), py::arg("end") = py::none(), py::arg("ssaa") = 1,
      py::arg("transparent") = false,
      "Renders frames to out/<id>/ with out/manifest.json, or an MP4 to `video`, as `tfviz "
      "render`.");
  m.def(
      "frame",
      [](const Script& script, double t, int width, int height) {
        if (!script) throw py::value_error("the section is None");
        frameSize(width, height);
        const std::shared_ptr<Headless> h = headless();
        FrameRenderer frames(h->atlas);
        Image rgba;
        frames.renderImage(*script, t, width, height, rgba);
        Image rgb = convertChannels(rgba, 3);
        py::array_t<uint8_t> out(std::vector<py::ssize_t>{rgb.height, rgb.width, 3});
        std::memcpy(out.mutable_data(), rgb.pixels.data(), rgb.pixels.size());
        return out;
      },
      py::arg("section"), py::arg("t"), py::arg("width") = 1920, py::arg("height") = 1080,
      "One frame as a height × width × 3 uint8 array (the pixels `still` writes).");
  m.def(
      "show",
      [](const std::vector<Script>& scripts, const std::string& start, int frames,
         bool fullscreen) {
        WindowCommand cmd{.section = start, .fullscreen = fullscreen, .quitAfterFrames = frames};
        LogCapture log;
        UseSections use(scripts);
        const int code = withoutGil([&] { return runWindowCommand(cmd); });
        raiseFor(code, log, "show");
      },
      py::arg("sections"), py::arg("start") = "", py::arg("frames") = -1,
      py::arg("fullscreen") = false,
      "Opens the live window on these sections (then the built-in ones) until it is closed.");
  m.def(
      "attention_section",
      [](const Eigen::MatrixXd& hidden, const Eigen::MatrixXd& wq, const Eigen::MatrixXd& wk,
         const Eigen::MatrixXd& wv, std::vector<std::string> tokens, bool scale, bool causal,
         double temperature, const std::string& id, const std::string& source) {
        if (!tokens.empty() && std::ssize(tokens) != hidden.rows())
          throw py::value_error(std::to_string(tokens.size()) + " tokens for " +
                                std::to_string(hidden.rows()) + " rows of x");
        if (hidden.rows() > kMaxPromptDigits)
          throw py::value_error("x has " + std::to_string(hidden.rows()) +
                                " tokens: the explainer "
                                "shows at most " +
                                std::to_string(kMaxPromptDigits));
        math::AttentionInputs in = math::notebookInputs();
        in.hidden = hidden;
        in.wq = wq;
        in.wk = wk;
        in.wv = wv;
        in.tokenLabels = std::move(tokens);
        in.hiddenSource = source;
        const math::AttentionOptions options{
            .scale = scale, .causalMask = causal, .temperature = temperature};
        SectionScript s = buildMatmulSection(designAtlas(), in, options);
        s.id = id;
        return std::make_shared<SectionScript>(std::move(s));
      },
      py::arg("x"), py::arg("wq"), py::arg("wk"), py::arg("wv"), py::arg("tokens"),
      py::arg("scale"), py::arg("causal"), py::arg("temperature"), py::arg("id"), py::arg("source"),
      "The attention explainer on these hidden states and nn.Linear weights (out × in).");
  m.def(
      "notebook_inputs",
      [] {
        const math::AttentionInputs in = math::notebookInputs();
        py::dict d;
        d["prompt"] = in.prompt;
        d["token_table"] = in.tokenTable;
        d["wq"] = in.wq;
        d["wk"] = in.wk;
        d["wv"] = in.wv;
        return d;
      },
      "The original notebook's inputs: prompt, token_table, and wq = wk = wv (nn.Linear "
      "weights, out × in).");
  m.def(
      "attention_numbers",
      [](std::optional<Eigen::MatrixXd> hidden, const Eigen::MatrixXd& wq,
         const Eigen::MatrixXd& wk, const Eigen::MatrixXd& wv, bool scale, bool causal,
         double temperature, const std::string& prompt, std::optional<Eigen::MatrixXd> table) {
        math::AttentionInputs in = math::notebookInputs();
        in.hidden = std::move(hidden);
        in.wq = wq;
        in.wk = wk;
        in.wv = wv;
        if (!prompt.empty()) in.prompt = prompt;
        if (table) in.tokenTable = *table;
        const math::AttentionNumbers n = math::computeAttention(
            in, {.scale = scale, .causalMask = causal, .temperature = temperature});
        py::dict d;
        d["tokens"] = n.tokens;
        d["hidden"] = n.hidden;
        d["wq"] = n.wq;
        d["wk"] = n.wk;
        d["wv"] = n.wv;
        d["wqT"] = n.wqT;
        d["wkT"] = n.wkT;
        d["wvT"] = n.wvT;
        d["queries"] = n.queries;
        d["keys"] = n.keys;
        d["keysT"] = n.keysT;
        d["values"] = n.values;
        d["scores"] = n.scores;
        d["attention"] = n.attention;
        d["dk"] = n.dk;
        d["scaled"] = n.scaled;
        d["mask"] = n.mask;
        d["masked"] = n.masked;
        d["weights"] = n.weights;
        d["output"] = n.output;
        return d;
      },
      py::arg("x"), py::arg("wq"), py::arg("wk"), py::arg("wv"), py::arg("scale") = true,
      py::arg("causal") = false, py::arg("temperature") = 1.0, py::arg("prompt") = "",
      py::arg("token_table") = py::none(),
      "Every number of one attention head, computed by the engine (Eigen): x None looks the "
      "prompt's digits up in the token table.");
  m.def("section_ids", [] {
    std::vector<std::string> ids;
    for (const SectionInfo& s : allSections()) ids.push_back(s.id);
    return ids;
  });
  m.def(
      "builtin",
      [](const std::string& id) {
        const SectionInfo* info = findSection(id);
        if (info == nullptr)
          throw py::value_error("unknown section '" + id + "' (known: " + sectionIdList() + ")");
        return std::make_shared<SectionScript>(info->build(designAtlas()));
      },
      py::arg("id"), "A built-in section's timeline (for comparing a Python twin with it).");
}

void defineModule(py::module_& m) {
  m.doc() = "tfviz's engine: sections built in Python into the C++ timeline.";
  bindScene(m);
  bindKit(m);
  bindApp(m);
}

}  // namespace tfviz::python
