/* Shared between the qom/ files; not part of the public API. */
#ifndef QOM_INTERNAL_H
#define QOM_INTERNAL_H

#include "qom/object.h"

/* The object a child<> or link<> property points at, NULL otherwise. */
Object *object_property_target(Object *obj, ObjectProperty *prop);
bool object_property_is_child(ObjectProperty *prop);

#endif
