/* QMP commands for character devices. */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-commands.h"
#include "chardev/char.h"
#include "qemu/cutils.h"

void qmp_query_chardev(JsonObject *args, JsonNode **ret, Error **errp)
{
    JsonArray *list = qemu_chr_query();

    *ret = json_node_init_array(json_node_alloc(), list);
    json_array_unref(list);
}

static bool format_is_base64(JsonObject *args)
{
    return json_object_has_member(args, "format") &&
           !strcmp(json_object_get_string_member(args, "format"), "base64");
}

void qmp_ringbuf_write(JsonObject *args, JsonNode **ret, Error **errp)
{
    const char *device = json_object_get_string_member(args, "device");
    const char *data = json_object_get_string_member(args, "data");
    g_autofree uint8_t *decoded = NULL;
    size_t len;

    if (format_is_base64(args)) {
        decoded = qbase64_decode(data, strlen(data), &len, errp);
        if (!decoded) {
            return;
        }
        qemu_chr_ringbuf_write(device, decoded, len, errp);
    } else {
        qemu_chr_ringbuf_write(device, (const uint8_t *)data, strlen(data),
                               errp);
    }
}

void qmp_ringbuf_read(JsonObject *args, JsonNode **ret, Error **errp)
{
    const char *device = json_object_get_string_member(args, "device");
    int64_t size = json_object_get_int_member(args, "size");
    g_autofree uint8_t *data = NULL;
    g_autofree char *text = NULL;
    size_t len;

    if (size <= 0) {
        error_setg(errp, "size must be greater than zero");
        return;
    }
    data = qemu_chr_ringbuf_read(device, size, &len, errp);
    if (!data) {
        return;
    }
    /* utf8: the bytes as they are (the writer escapes invalid UTF-8). */
    text = format_is_base64(args) ? g_base64_encode(data, len)
                                  : g_strndup((const char *)data, len);
    *ret = json_node_new(JSON_NODE_VALUE);
    json_node_set_string(*ret, text);
}
