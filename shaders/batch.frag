// Batch fragment shader: rounded rectangles (fill or stroke) with analytic antialiasing, and
// signed-distance-field glyphs. Output is premultiplied alpha.
#version 330 core
in vec2 vUv;
in vec4 vParams;
in vec4 vColor;
flat in int vMode;

uniform sampler2D uAtlas;

out vec4 fragColor;

// Signed distance from p to a rounded box of half size b and corner radius r (negative inside).
float roundedBox(vec2 p, vec2 b, float r) {
  vec2 q = abs(p) - b + vec2(r);
  return length(max(q, 0.0)) + min(max(q.x, q.y), 0.0) - r;
}

void main() {
  float coverage;
  if (vMode == 1) {
    // The atlas stores 0.5 on the glyph's edge; fwidth keeps the edge one pixel wide at any scale.
    // Small text (a glyph minified more than ~2x) averages four samples inside the pixel, so
    // strokes thinner than a pixel fade instead of dropping out.
    vec2 dx = dFdx(vUv);
    vec2 dy = dFdy(vUv);
    float texelsPerPixel = length(vec2(length(dx), length(dy))) * float(textureSize(uAtlas, 0).x);
    float d = texture(uAtlas, vUv).r;
    float w = max(fwidth(d), 1e-4);
    if (texelsPerPixel > 2.0) {
      float sum = 0.0;
      sum += smoothstep(0.5 - w, 0.5 + w, texture(uAtlas, vUv + 0.25 * (dx + dy)).r);
      sum += smoothstep(0.5 - w, 0.5 + w, texture(uAtlas, vUv + 0.25 * (dx - dy)).r);
      sum += smoothstep(0.5 - w, 0.5 + w, texture(uAtlas, vUv - 0.25 * (dx + dy)).r);
      sum += smoothstep(0.5 - w, 0.5 + w, texture(uAtlas, vUv - 0.25 * (dx - dy)).r);
      coverage = sum * 0.25;
    } else {
      coverage = smoothstep(0.5 - w, 0.5 + w, d);
    }
  } else {
    float d = roundedBox(vUv, vParams.xy, vParams.z);
    float stroke = vParams.w;
    if (stroke > 0.0) d = abs(d + stroke * 0.5) - stroke * 0.5;
    coverage = clamp(0.5 - d, 0.0, 1.0);
  }
  float a = vColor.a * coverage;
  fragColor = vec4(vColor.rgb * a, a);
}
