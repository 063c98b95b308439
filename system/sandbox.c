/*
 * -sandbox on[,obsolete=allow|deny][,elevateprivileges=allow|deny|children]
 *          [,spawn=allow|deny][,resourcecontrol=allow|deny]
 *
 * A seccomp filter installed once start-up is done: everything is allowed
 * except the syscall groups the options deny. Denied calls fail with EPERM
 * rather than killing the VM, so a library probing a syscall keeps working.
 */
#include "qemu/osdep.h"
#include "system/vl-internal.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "qemu/option.h"

#if CONFIG_SECCOMP
#include <seccomp.h>
#endif

typedef struct SandboxConfig {
    bool enabled;
    bool deny_obsolete;
    bool deny_elevate;
    bool deny_spawn;
    bool deny_resource;
} SandboxConfig;

static SandboxConfig sandbox;

static bool parse_allow_deny(JsonObject *o, const char *key, bool def_deny,
                             bool *deny, Error **errp)
{
    const char *v = opt_get_str(o, key, NULL);

    if (!v) {
        *deny = def_deny;
    } else if (!strcmp(v, "allow")) {
        *deny = false;
    } else if (!strcmp(v, "deny") ||
               (!strcmp(key, "elevateprivileges") && !strcmp(v, "children"))) {
        *deny = true;
    } else {
        error_setg(errp, "invalid argument for %s", key);
        return false;
    }
    return true;
}

bool vl_parse_sandbox(const char *arg, Error **errp)
{
    static const char *const keys[] = {
        "enable", "obsolete", "elevateprivileges", "spawn",
        "resourcecontrol", NULL,
    };
    g_autoptr(JsonObject) o = keyval_parse(arg, "enable", KEYVAL_LAST_WINS,
                                           errp);

    if (!o || !opt_check_keys(o, keys, errp)) {
        return false;
    }
    sandbox.enabled = opt_get_bool(o, "enable", false, errp);
    if (errp && *errp) {
        return false;
    }
    if (!parse_allow_deny(o, "obsolete", true, &sandbox.deny_obsolete, errp) ||
        !parse_allow_deny(o, "elevateprivileges", false,
                          &sandbox.deny_elevate, errp) ||
        !parse_allow_deny(o, "spawn", false, &sandbox.deny_spawn, errp) ||
        !parse_allow_deny(o, "resourcecontrol", false,
                          &sandbox.deny_resource, errp)) {
        return false;
    }
#if !CONFIG_SECCOMP
    if (sandbox.enabled) {
        error_setg(errp, "seccomp support is disabled");
        return false;
    }
#endif
    return true;
}

#if CONFIG_SECCOMP
static const char *const obsolete_calls[] = {
    "readdir", "_sysctl", "bdflush", "create_module", "get_kernel_syms",
    "query_module", "sgetmask", "ssetmask", "sysfs", "uselib", "ustat",
    "vserver", NULL,
};
static const char *const elevate_calls[] = {
    "setuid", "setgid", "setpgid", "setsid", "setreuid", "setregid",
    "setresuid", "setresgid", "setfsuid", "setfsgid", NULL,
};
static const char *const spawn_calls[] = {
    "fork", "vfork", "execve", "execveat", NULL,
};
static const char *const resource_calls[] = {
    "setpriority", "sched_setparam", "sched_setscheduler",
    "sched_setattr", "sched_setaffinity", NULL,
};

static void deny_group(scmp_filter_ctx ctx, const char *const *calls)
{
    for (int i = 0; calls[i]; i++) {
        int nr = seccomp_syscall_resolve_name(calls[i]);
        if (nr != __NR_SCMP_ERROR) {
            seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), nr, 0);
        }
    }
}
#endif

void vl_sandbox_apply(void)
{
#if CONFIG_SECCOMP
    scmp_filter_ctx ctx;

    if (!sandbox.enabled) {
        return;
    }
    ctx = seccomp_init(SCMP_ACT_ALLOW);
    if (!ctx) {
        error_report("failed to install seccomp syscall filter in the "
                     "kernel");
        exit(1);
    }
    if (sandbox.deny_obsolete) {
        deny_group(ctx, obsolete_calls);
    }
    if (sandbox.deny_elevate) {
        deny_group(ctx, elevate_calls);
    }
    if (sandbox.deny_spawn) {
        deny_group(ctx, spawn_calls);
    }
    if (sandbox.deny_resource) {
        deny_group(ctx, resource_calls);
    }
    if (seccomp_load(ctx) < 0) {
        seccomp_release(ctx);
        error_report("failed to install seccomp syscall filter in the "
                     "kernel");
        exit(1);
    }
    seccomp_release(ctx);
#endif
}
