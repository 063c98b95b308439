/* "file": output to path= (truncated unless append=on), input from in=. */
#include "qemu/osdep.h"
#include "chardev/char.h"
#include "chardev-internal.h"
#include "qapi/error.h"
#include "qemu/option.h"

static void file_chr_open(Chardev *chr, JsonObject *opts, bool *be_opened,
                          Error **errp)
{
    const char *path = opt_get_str(opts, "path", NULL);
    const char *in = opt_get_str(opts, "in", NULL);
    Error *err = NULL;
    bool append = opt_get_bool(opts, "append", false, &err);
    int fd_out, fd_in = -1;

    if (err) {
        error_propagate(errp, err);
        return;
    }
    if (!path) {
        error_setg(errp, "chardev: file: no filename given");
        return;
    }
    fd_out = open(path, O_WRONLY | O_CREAT | O_CLOEXEC |
                  (append ? O_APPEND : O_TRUNC), 0666);
    if (fd_out < 0) {
        error_setg_errno(errp, errno, "Could not open '%s'", path);
        return;
    }
    if (in) {
        fd_in = open(in, O_RDONLY | O_CLOEXEC);
        if (fd_in < 0) {
            error_setg_errno(errp, errno, "Could not open '%s'", in);
            close(fd_out);
            return;
        }
    }
    fd_chardev_set_fds(FD_CHARDEV(chr), fd_in, fd_out, true);
    chr->filename = g_strdup_printf("file:%s", path);
}

static void file_chr_class_init(ObjectClass *oc, void *data)
{
    static const char *const keys[] = { "path", "append", "in", NULL };
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->open = file_chr_open;
    cc->opt_keys = keys;
}

static const TypeInfo file_chr_type = {
    .name = TYPE_CHARDEV_FILE,
    .parent = TYPE_CHARDEV_FD,
    .class_init = file_chr_class_init,
};

static void file_chr_register_types(void)
{
    type_register_static(&file_chr_type);
}
type_init(file_chr_register_types)
