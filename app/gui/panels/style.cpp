#include "app/gui/panels/style.hpp"

#include <cstdio>
#include <filesystem>

#include <imgui.h>
#include <backends/imgui_impl_opengl3.h>

namespace mbrl::gui {

const char* font_path() { return "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"; }

void load_fonts(float scale) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  ImFontConfig cfg;
  cfg.OversampleH = 2;
  cfg.OversampleV = 1;
  const float px = 16.f * scale;
  ImFont* f = nullptr;
  if (std::filesystem::exists(font_path())) f = io.Fonts->AddFontFromFileTTF(font_path(), px, &cfg);
  if (!f) {
    static bool warned = false;
    if (!warned) std::fprintf(stderr, "mbrl-playground: font %s not found; using ImGui's built-in font\n", font_path());
    warned = true;
    ImFontConfig def;
    def.SizePixels = 13.f * scale;
    io.Fonts->AddFontDefault(&def);
  }
  io.Fonts->Build();
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
}

namespace {
ImVec4 v4(Rgba c, float a = -1.f) { return ImVec4(c.r, c.g, c.b, a < 0 ? c.a : a); }
}  // namespace

void apply_style(Theme theme, float scale) {
  ImGuiStyle style;
  const ThemePalette& p = palette(theme);
  const bool dark = theme == Theme::Dark;
  if (dark)
    ImGui::StyleColorsDark(&style);
  else
    ImGui::StyleColorsLight(&style);
  style.WindowRounding = 6.f;
  style.ChildRounding = 4.f;
  style.FrameRounding = 4.f;
  style.GrabRounding = 4.f;
  style.PopupRounding = 4.f;
  style.ScrollbarRounding = 6.f;
  style.WindowBorderSize = 0.f;
  style.FrameBorderSize = dark ? 0.f : 1.f;
  style.WindowPadding = ImVec2(10, 10);
  style.FramePadding = ImVec2(7, 4);
  style.ItemSpacing = ImVec2(8, 6);
  style.IndentSpacing = 14.f;
  ImVec4* c = style.Colors;
  const Rgba accent = dark ? Rgba{0.34f, 0.71f, 0.91f} : Rgba{0.f, 0.45f, 0.70f};  // Okabe-Ito sky blue / blue
  c[ImGuiCol_WindowBg] = v4(p.panel, 0.97f);
  c[ImGuiCol_ChildBg] = v4(p.panel, 0.f);
  c[ImGuiCol_PopupBg] = v4(p.panel, 0.98f);
  c[ImGuiCol_Text] = v4(p.text);
  c[ImGuiCol_TextDisabled] = v4(p.text_dim);
  c[ImGuiCol_Border] = v4(p.grid);
  c[ImGuiCol_Separator] = v4(p.grid);
  c[ImGuiCol_FrameBg] = dark ? ImVec4(0.16f, 0.18f, 0.22f, 1.f) : ImVec4(0.96f, 0.96f, 0.95f, 1.f);
  c[ImGuiCol_FrameBgHovered] = dark ? ImVec4(0.21f, 0.24f, 0.29f, 1.f) : ImVec4(0.90f, 0.93f, 0.97f, 1.f);
  c[ImGuiCol_FrameBgActive] = dark ? ImVec4(0.25f, 0.29f, 0.35f, 1.f) : ImVec4(0.85f, 0.90f, 0.96f, 1.f);
  c[ImGuiCol_TitleBg] = c[ImGuiCol_TitleBgActive] = c[ImGuiCol_TitleBgCollapsed] = v4(p.panel);
  c[ImGuiCol_Header] = v4(accent, 0.22f);
  c[ImGuiCol_HeaderHovered] = v4(accent, 0.35f);
  c[ImGuiCol_HeaderActive] = v4(accent, 0.5f);
  c[ImGuiCol_Button] = v4(accent, dark ? 0.25f : 0.18f);
  c[ImGuiCol_ButtonHovered] = v4(accent, 0.45f);
  c[ImGuiCol_ButtonActive] = v4(accent, 0.65f);
  c[ImGuiCol_SliderGrab] = v4(accent, 0.9f);
  c[ImGuiCol_SliderGrabActive] = v4(accent, 1.f);
  c[ImGuiCol_CheckMark] = v4(accent, 1.f);
  c[ImGuiCol_ScrollbarBg] = v4(p.panel, 0.f);
  style.ScaleAllSizes(scale);
  ImGui::GetStyle() = style;
}

}  // namespace mbrl::gui
