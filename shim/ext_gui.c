/*
 * ext_gui.c: the clap.gui extension and the timer that watches the editor.
 *
 * The editor is its own process (rill-editor, next to the .clap in the bundle folder):
 * giu cannot live in the plugin's Go runtime (see docs). This file starts it with
 * posix_spawn, hands it the instance's shared-memory region as fd 3 (the region comes
 * from the Go side, rill_go_gui_open), tells it where to embed (--parent XID), and
 * watches it from the host's timer: an editor that dies is reported to the host with
 * closed(was_destroyed = true). Closing never waits for the editor: it is asked to quit
 * (the region's close flag and SIGTERM), and one reaper thread collects it, with SIGKILL
 * after a grace period. Every function here runs on the main thread, never on the
 * audio path.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "shim.h"

extern char **environ;

/* The editor's fixed size in pixels (ui.Width, ui.Height in the Go editor). */
enum { RILL_GUI_WIDTH = 900, RILL_GUI_HEIGHT = 580 };

/* How often the timer looks at the editor, how long a closing editor may take before it
 * is killed, and how long set_parent waits for the editor's window to be inside the
 * host's. */
enum { RILL_GUI_TIMER_MS = 50, RILL_GUI_GRACE_MS = 2000, RILL_GUI_EMBED_WAIT_MS = 3000 };

/* rill_gui_t: one instance's editor state (rill_plugin_t.gui). */
typedef struct rill_gui {
    bool created;  /* between gui.create and gui.destroy */
    bool floating; /* a floating window (else embedded in the host's) */
    bool reported; /* closed() was reported for the current editor */
    bool warned_version;
    pid_t pid;     /* running editor, 0 when none */
    int fd;        /* the region's descriptor (owned by the Go side) */
    bool has_timer;
    clap_id timer;
    const clap_host_gui_t *host_gui;
    const clap_host_timer_support_t *host_timer;
} rill_gui_t;

static const void *host_ext(const rill_plugin_t *p, const char *id) {
    return p->host && p->host->get_extension ? p->host->get_extension(p->host, id) : NULL;
}

/* gui_of: the instance's editor state, created on first use. */
static rill_gui_t *gui_of(rill_plugin_t *p, bool make) {
    if (!p->gui && make) {
        rill_gui_t *g = calloc(1, sizeof *g);
        if (!g) {
            return NULL;
        }
        g->fd = -1;
        g->host_gui = host_ext(p, CLAP_EXT_GUI);
        g->host_timer = host_ext(p, CLAP_EXT_TIMER_SUPPORT);
        p->gui = g;
    }
    return p->gui;
}

/* editor_path: rill-editor next to the .clap ($RILL_EDITOR overrides, for tests). */
static bool editor_path(char *out, size_t size) {
    const char *env = getenv("RILL_EDITOR");
    if (env && *env) {
        return snprintf(out, size, "%s", env) < (int)size;
    }
    const char *clap = rill_plugin_path();
    const char *slash = clap ? strrchr(clap, '/') : NULL;
    if (!slash) {
        return snprintf(out, size, "./rill-editor") < (int)size;
    }
    return snprintf(out, size, "%.*s/rill-editor", (int)(slash - clap), clap) < (int)size;
}

static uint64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* reaped: true once pid has exited and been collected (or is not our child any more,
 * for example when the host reaps children itself). Never blocks. */
static bool reaped(pid_t pid) {
    int status;
    pid_t r = waitpid(pid, &status, WNOHANG);
    return r == pid || (r < 0 && errno == ECHILD);
}

/*
 * The reaper: one thread for the whole process (started with the first editor that is
 * closed, alive until the process ends: the library is never unloaded) collects closing
 * editors, killing any that outlive the grace period. Closing hands it the pid and
 * returns at once.
 */
enum { RILL_REAP_MAX = 64 };
static pthread_mutex_t reap_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t reap_cond = PTHREAD_COND_INITIALIZER;
static struct {
    pid_t pid;
    uint64_t deadline;
    bool killed;
} reap_list[RILL_REAP_MAX];
static int reap_count;
static bool reaper_running;

static void *reaper(void *arg) {
    (void)arg;
    sigset_t all; /* the host's signals go to the host's threads, never here */
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
    pthread_mutex_lock(&reap_lock);
    for (;;) {
        while (reap_count == 0) {
            pthread_cond_wait(&reap_cond, &reap_lock);
        }
        uint64_t now = now_ms();
        for (int i = 0; i < reap_count;) {
            if (reaped(reap_list[i].pid)) {
                reap_list[i] = reap_list[--reap_count];
                continue;
            }
            if (!reap_list[i].killed && now > reap_list[i].deadline) {
                kill(reap_list[i].pid, SIGKILL);
                reap_list[i].killed = true;
            }
            i++;
        }
        pthread_mutex_unlock(&reap_lock);
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
        pthread_mutex_lock(&reap_lock);
    }
    return NULL;
}

/* reap_later: hand a signalled editor to the reaper. Never blocks for long. */
static void reap_later(pid_t pid) {
    pthread_mutex_lock(&reap_lock);
    if (!reaper_running) {
        pthread_t t;
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        pthread_attr_setstacksize(&attr, 64 * 1024);
        reaper_running = pthread_create(&t, &attr, reaper, NULL) == 0;
        pthread_attr_destroy(&attr);
    }
    if (reaper_running && reap_count < RILL_REAP_MAX) {
        reap_list[reap_count].pid = pid;
        reap_list[reap_count].deadline = now_ms() + RILL_GUI_GRACE_MS;
        reap_list[reap_count].killed = false;
        reap_count++;
        pthread_cond_signal(&reap_cond);
    } else {
        kill(pid, SIGKILL); /* no reaper: the host's own child handling collects it */
    }
    pthread_mutex_unlock(&reap_lock);
}

/* let_go: ask the running editor to quit and hand it to the reaper. */
static void let_go(rill_plugin_t *p, rill_gui_t *g) {
    if (!g->pid) {
        return;
    }
    pid_t pid = g->pid;
    g->pid = 0;
    rill_go_gui_request_close(p->handle);
    kill(pid, SIGTERM);
    if (!reaped(pid)) {
        reap_later(pid);
    }
}

/* spawn: start the editor on the region, embedded in parent when non-zero. */
static bool spawn(rill_plugin_t *p, rill_gui_t *g, clap_xwnd parent) {
    char path[PATH_MAX];
    if (!editor_path(path, sizeof path) || access(path, X_OK) != 0) {
        char msg[PATH_MAX + 64];
        snprintf(msg, sizeof msg, "rill tape: editor not found at %s", path);
        rill_log(p, CLAP_LOG_ERROR, msg);
        return false;
    }
    char xid[32];
    snprintf(xid, sizeof xid, "0x%lx", (unsigned long)parent);
    char *argv[] = {path, "--shm-fd", "3", parent ? "--parent" : NULL, xid, NULL};

    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    posix_spawn_file_actions_init(&fa);
    posix_spawnattr_init(&attr);
    /* The region becomes fd 3; nothing else of the host's leaks into the editor. */
    posix_spawn_file_actions_adddup2(&fa, g->fd, 3);
    posix_spawn_file_actions_addclosefrom_np(&fa, 4);
    /* The host may block or catch signals on its main thread: start the editor clean. */
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &all);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    pid_t pid;
    int err = posix_spawn(&pid, path, &fa, &attr, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    if (err != 0) {
        char msg[PATH_MAX + 64];
        snprintf(msg, sizeof msg, "rill tape: cannot start the editor %s: %s", path, strerror(err));
        rill_log(p, CLAP_LOG_ERROR, msg);
        return false;
    }
    g->pid = pid;
    g->reported = false;
    return true;
}

/* watch: the timer's work. A dead editor is reported once as closed(true). */
static void watch(rill_plugin_t *p, rill_gui_t *g) {
    if (g->pid && reaped(g->pid)) {
        g->pid = 0;
        if (g->created && !g->reported) {
            g->reported = true;
            if (g->host_gui && g->host_gui->closed) {
                g->host_gui->closed(p->host, true);
            }
        }
    }
    int flags = rill_go_gui_tick(p->handle);
    if ((flags & 1) && p->host_params && p->host_params->request_flush) {
        p->host_params->request_flush(p->host); /* edits wait and nothing processes */
    }
    if ((flags & 2) && !g->warned_version) {
        g->warned_version = true;
        rill_log(p, CLAP_LOG_ERROR, "rill tape: the editor comes from another build (layout version mismatch)");
    }
}

static bool gui_is_api_supported(const clap_plugin_t *plugin, const char *api, bool is_floating) {
    (void)plugin;
    (void)is_floating; /* both: embedded by reparenting, floating as a top-level window */
    return api && strcmp(api, CLAP_WINDOW_API_X11) == 0;
}

static bool gui_get_preferred_api(const clap_plugin_t *plugin, const char **api, bool *is_floating) {
    (void)plugin;
    if (api) *api = CLAP_WINDOW_API_X11;
    if (is_floating) *is_floating = false;
    return true;
}

/* create: the region now; the editor now when floating, at set_parent when embedded. */
static bool gui_create(const clap_plugin_t *plugin, const char *api, bool is_floating) {
    rill_plugin_t *p = rill_from(plugin);
    if (!p || !p->handle || !gui_is_api_supported(plugin, api, is_floating)) {
        return false;
    }
    rill_check_main_thread(p, "gui.create");
    rill_gui_t *g = gui_of(p, true);
    if (!g || g->created) {
        return false;
    }
    g->fd = rill_go_gui_open(p->handle);
    if (g->fd < 0) {
        rill_log(p, CLAP_LOG_ERROR, "rill tape: cannot create the editor's shared memory");
        return false;
    }
    if (!g->has_timer && g->host_timer && g->host_timer->register_timer) {
        g->has_timer = g->host_timer->register_timer(p->host, RILL_GUI_TIMER_MS, &g->timer);
    }
    g->floating = is_floating;
    g->reported = false;
    if (is_floating && !spawn(p, g, 0)) {
        return false;
    }
    g->created = true;
    return true;
}

static void gui_destroy(const clap_plugin_t *plugin) {
    rill_plugin_t *p = rill_from(plugin);
    rill_gui_t *g = p ? gui_of(p, false) : NULL;
    if (!g || !g->created) {
        return;
    }
    rill_check_main_thread(p, "gui.destroy");
    let_go(p, g);
    g->created = false;
}

static bool gui_set_scale(const clap_plugin_t *plugin, double scale) {
    (void)plugin;
    (void)scale;
    return false; /* X11 sizes are physical pixels; the editor has one size */
}

static bool gui_get_size(const clap_plugin_t *plugin, uint32_t *width, uint32_t *height) {
    (void)plugin;
    if (width) *width = RILL_GUI_WIDTH;
    if (height) *height = RILL_GUI_HEIGHT;
    return true;
}

static bool gui_can_resize(const clap_plugin_t *plugin) {
    (void)plugin;
    return false;
}

static bool gui_get_resize_hints(const clap_plugin_t *plugin, clap_gui_resize_hints_t *hints) {
    (void)plugin;
    (void)hints;
    return false;
}

static bool gui_adjust_size(const clap_plugin_t *plugin, uint32_t *width, uint32_t *height) {
    (void)plugin;
    if (width) *width = RILL_GUI_WIDTH;
    if (height) *height = RILL_GUI_HEIGHT;
    return true;
}

static bool gui_set_size(const clap_plugin_t *plugin, uint32_t width, uint32_t height) {
    (void)plugin;
    return width == RILL_GUI_WIDTH && height == RILL_GUI_HEIGHT;
}

/* set_parent: start the editor inside the host's window; it exists when this returns
 * true (it maps itself into the parent on its first frame). */
static bool gui_set_parent(const clap_plugin_t *plugin, const clap_window_t *window) {
    rill_plugin_t *p = rill_from(plugin);
    rill_gui_t *g = p ? gui_of(p, false) : NULL;
    if (!g || !g->created || g->floating || !window || !window->api ||
        strcmp(window->api, CLAP_WINDOW_API_X11) != 0 || !window->x11) {
        return false;
    }
    rill_check_main_thread(p, "gui.set_parent");
    let_go(p, g); /* a second set_parent moves to the new window */
    rill_go_gui_open(p->handle);
    if (!spawn(p, g, window->x11)) {
        return false;
    }
    /* Hosts expect the plugin's window inside theirs when set_parent returns: wait, a
     * bounded time, for the editor to have reparented itself. An editor that dies while
     * starting fails the call; a slow one is left to finish (the timer watches it). */
    uint64_t deadline = now_ms() + RILL_GUI_EMBED_WAIT_MS;
    while (rill_go_gui_editor_window(p->handle) == 0 && now_ms() < deadline) {
        if (reaped(g->pid)) {
            g->pid = 0;
            rill_log(p, CLAP_LOG_ERROR, "rill tape: the editor quit while starting");
            return false;
        }
        struct timespec ts = {0, 5 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    return true;
}

static bool gui_set_transient(const clap_plugin_t *plugin, const clap_window_t *window) {
    rill_plugin_t *p = rill_from(plugin);
    rill_gui_t *g = p ? gui_of(p, false) : NULL;
    (void)window;
    return g && g->created && g->floating;
}

static void gui_suggest_title(const clap_plugin_t *plugin, const char *title) {
    (void)plugin;
    (void)title;
}

static bool gui_show(const clap_plugin_t *plugin) {
    rill_plugin_t *p = rill_from(plugin);
    rill_gui_t *g = p ? gui_of(p, false) : NULL;
    if (!g || !g->created) {
        return false;
    }
    rill_check_main_thread(p, "gui.show");
    rill_go_gui_set_visible(p->handle, 1);
    return g->pid != 0;
}

static bool gui_hide(const clap_plugin_t *plugin) {
    rill_plugin_t *p = rill_from(plugin);
    rill_gui_t *g = p ? gui_of(p, false) : NULL;
    if (!g || !g->created) {
        return false;
    }
    rill_check_main_thread(p, "gui.hide");
    rill_go_gui_set_visible(p->handle, 0);
    return true;
}

const clap_plugin_gui_t rill_ext_gui = {
    .is_api_supported = gui_is_api_supported,
    .get_preferred_api = gui_get_preferred_api,
    .create = gui_create,
    .destroy = gui_destroy,
    .set_scale = gui_set_scale,
    .get_size = gui_get_size,
    .can_resize = gui_can_resize,
    .get_resize_hints = gui_get_resize_hints,
    .adjust_size = gui_adjust_size,
    .set_size = gui_set_size,
    .set_parent = gui_set_parent,
    .set_transient = gui_set_transient,
    .suggest_title = gui_suggest_title,
    .show = gui_show,
    .hide = gui_hide,
};

/* [main-thread] */
static void timer_on_timer(const clap_plugin_t *plugin, clap_id timer_id) {
    rill_plugin_t *p = rill_from(plugin);
    rill_gui_t *g = p ? gui_of(p, false) : NULL;
    if (g && g->has_timer && timer_id == g->timer) {
        watch(p, g);
    }
}

const clap_plugin_timer_support_t rill_ext_timer_support = {
    .on_timer = timer_on_timer,
};

/* [main-thread] instance destroy: close the editor, drop the timer, free the region. */
void rill_gui_on_destroy(rill_plugin_t *p) {
    rill_gui_t *g = gui_of(p, false);
    if (!g) {
        return;
    }
    let_go(p, g);
    if (g->has_timer && g->host_timer && g->host_timer->unregister_timer) {
        g->host_timer->unregister_timer(p->host, g->timer);
    }
    rill_go_gui_release(p->handle);
    free(g);
    p->gui = NULL;
}
