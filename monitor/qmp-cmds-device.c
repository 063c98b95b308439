/* device_add / device_del: hotplug through qdev, as -device does. */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-commands.h"
#include "hw/qdev-core.h"

void qmp_device_add(JsonObject *args, JsonNode **ret, Error **errp)
{
    /* The arguments are -device's options in JSON form; qdev checks the
     * driver's own properties. */
    qdev_device_add(args, true, errp);
}

void qmp_device_del(JsonObject *args, JsonNode **ret, Error **errp)
{
    DeviceState *dev = qdev_find_by_id_or_path(
        json_object_get_string_member(args, "id"), errp);

    if (dev) {
        qdev_unplug(dev, errp);
    }
}
