#pragma once
// Copies what the window draws of an engine into a SessionView (on the thread that owns the
// engine, under the caller's lock): the episode's new states, the current state, names, and with
// `everything` a display copy of the env and every parameter. Shared by the session (one engine)
// and the lesson session (one engine per lane).
#include "app/gui/session.hpp"

namespace mbrl::gui {

// `published`: how many of the episode's states `view` already holds (kept by the caller).
// `learn`: the learner's status, made by the caller before it took its lock (it copies the
// training history). Returns true when a new episode began (the view's history restarted).
bool copy_engine_view(const Engine& e, LearnStatus learn, SessionView& view, size_t& published, bool everything);

// Copies what changed in `published` into `v` (the trace only when a new plan came, the episode's
// states incrementally); `published` is the worker's copy, read under the caller's lock.
void sync_view(const SessionView& published, SessionView& v);

// The env's time step [s] (its "dt" parameter when it has one, else 0.05).
float env_dt(const Env& env);

}  // namespace mbrl::gui
