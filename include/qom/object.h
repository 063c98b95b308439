/*
 * The object model: single-inheritance types with interfaces, classes with
 * virtual methods, dynamic properties, and a composition tree rooted at "/".
 *
 * A type is declared with a TypeInfo and registered from a type_init()
 * constructor. Property values travel as JsonNode (json-glib): the same
 * getters/setters serve -device key=value strings, -device JSON, qom-get and
 * qom-set. A setter receiving a JSON string for a non-string property parses
 * it the way the command line does ("on", "0x10", "64M").
 */
#ifndef QOM_OBJECT_H
#define QOM_OBJECT_H

#include "qemu/osdep.h"
#include <json-glib/json-glib.h>

typedef struct TypeImpl *Type;
typedef struct ObjectProperty ObjectProperty;
typedef struct InterfaceClass InterfaceClass;

#define TYPE_OBJECT "object"
#define TYPE_INTERFACE "interface"
#define TYPE_CONTAINER "container"
#define TYPE_USER_CREATABLE "user-creatable"

typedef struct InterfaceInfo {
    const char *type;
} InterfaceInfo;

typedef struct TypeInfo {
    const char *name;
    const char *parent;
    size_t instance_size;        /* 0: inherit parent's */
    void (*instance_init)(Object *obj);
    void (*instance_post_init)(Object *obj);
    void (*instance_finalize)(Object *obj);
    bool abstract;
    size_t class_size;           /* 0: inherit parent's */
    void (*class_init)(ObjectClass *klass, void *data);
    void (*class_base_init)(ObjectClass *klass, void *data);
    void *class_data;
    InterfaceInfo *interfaces;   /* terminated by { } */
} TypeInfo;

struct ObjectClass {
    Type type;
    GSList *interfaces;          /* InterfaceClass * */
    GHashTable *properties;      /* name -> ObjectProperty * (class props) */
    void (*unparent)(Object *obj);
};

struct InterfaceClass {
    ObjectClass parent_class;
    ObjectClass *concrete_class;
    Type interface_type;
};

struct Object {
    ObjectClass *class;
    GHashTable *properties;      /* name -> ObjectProperty * */
    uint32_t ref;
    Object *parent;
    void (*free)(void *obj);     /* g_free for object_new(), else NULL */
};

/* Property accessors. get returns a new JsonNode; set must not keep value. */
typedef JsonNode *ObjectPropertyGet(Object *obj, const char *name,
                                    void *opaque, Error **errp);
typedef void ObjectPropertySet(Object *obj, const char *name,
                               const JsonNode *value, void *opaque,
                               Error **errp);
typedef void ObjectPropertyRelease(Object *obj, const char *name,
                                   void *opaque);
typedef void ObjectPropertyInit(Object *obj, ObjectProperty *prop);

struct ObjectProperty {
    char *name;
    char *type;          /* "bool", "uint32", "size", "str", "child<T>",
                            "link<T>", or an enum's name */
    char *description;
    ObjectPropertyGet *get;
    ObjectPropertySet *set;
    ObjectPropertyRelease *release;
    ObjectPropertyInit *init;  /* class props: apply default to an instance */
    void *opaque;
    JsonNode *defval;
};

/* Registration: type_init(fn) runs fn before main(). */
#define type_init(function) \
    static void __attribute__((constructor)) do_qemu_init_##function(void) \
    { function(); }

Type type_register_static(const TypeInfo *info);
void type_register_static_array(const TypeInfo *infos, int nr_infos);
#define DEFINE_TYPES(type_array)                                    \
    static void do_qemu_init_##type_array(void)                     \
    { type_register_static_array(type_array, ARRAY_SIZE(type_array)); } \
    type_init(do_qemu_init_##type_array)

/* Classes. */
ObjectClass *object_class_by_name(const char *typename);
ObjectClass *module_object_class_by_name(const char *typename);
const char *object_class_get_name(ObjectClass *klass);
ObjectClass *object_class_get_parent(ObjectClass *klass);
bool object_class_is_abstract(ObjectClass *klass);
ObjectClass *object_class_dynamic_cast(ObjectClass *klass,
                                       const char *typename);
ObjectClass *object_class_dynamic_cast_assert(ObjectClass *klass,
                                              const char *typename,
                                              const char *file, int line,
                                              const char *func);
/* Every class that is (or implements) implements_type; caller frees the
 * list (not the classes). Sorted by name. */
GSList *object_class_get_list(const char *implements_type,
                              bool include_abstract);
void object_class_foreach(void (*fn)(ObjectClass *klass, void *opaque),
                          const char *implements_type, bool include_abstract,
                          void *opaque);

/* Instances. object_new() aborts on an unknown or abstract type (a
 * programming bug); use object_try_new() for names from the user. */
Object *object_new(const char *typename);
Object *object_try_new(const char *typename, Error **errp);
Object *object_new_with_class(ObjectClass *klass);
void object_initialize(void *obj, size_t size, const char *typename);
Object *object_ref(void *obj);
void object_unref(void *obj);
ObjectClass *object_get_class(Object *obj);
const char *object_get_typename(const Object *obj);
Object *object_dynamic_cast(Object *obj, const char *typename);
Object *object_dynamic_cast_assert(Object *obj, const char *typename,
                                   const char *file, int line,
                                   const char *func);

#define OBJECT(obj) ((Object *)(obj))
#define OBJECT_CLASS(class) ((ObjectClass *)(class))
#define OBJECT_CHECK(type, obj, name) \
    ((type *)object_dynamic_cast_assert(OBJECT(obj), (name), \
                                        __FILE__, __LINE__, __func__))
#define OBJECT_CLASS_CHECK(class_type, class, name) \
    ((class_type *)object_class_dynamic_cast_assert(OBJECT_CLASS(class), \
                               (name), __FILE__, __LINE__, __func__))
#define OBJECT_GET_CLASS(class, obj, name) \
    OBJECT_CLASS_CHECK(class, object_get_class(OBJECT(obj)), name)
#define INTERFACE_CHECK(interface, obj, name) \
    ((interface *)object_dynamic_cast_assert(OBJECT((obj)), (name), \
                                             __FILE__, __LINE__, __func__))

/*
 * Declares the usual cast helpers for a type:
 *   OBJECT_DECLARE_TYPE(ISASerialState, ISASerialClass, ISA_SERIAL)
 * gives ISA_SERIAL(obj), ISA_SERIAL_CLASS(klass), ISA_SERIAL_GET_CLASS(obj);
 * TYPE_ISA_SERIAL must be #defined to the type name.
 */
#define OBJECT_DECLARE_TYPE(InstanceType, ClassType, MODULE_OBJ_NAME)     \
    typedef struct InstanceType InstanceType;                            \
    typedef struct ClassType ClassType;                                  \
    static inline QEMU_UNUSED InstanceType *MODULE_OBJ_NAME(const void *obj) \
    { return OBJECT_CHECK(InstanceType, obj, TYPE_##MODULE_OBJ_NAME); }  \
    static inline QEMU_UNUSED ClassType *MODULE_OBJ_NAME##_CLASS(const void *klass) \
    { return OBJECT_CLASS_CHECK(ClassType, klass, TYPE_##MODULE_OBJ_NAME); } \
    static inline QEMU_UNUSED ClassType *MODULE_OBJ_NAME##_GET_CLASS(const void *obj) \
    { return OBJECT_GET_CLASS(ClassType, obj, TYPE_##MODULE_OBJ_NAME); }
#define OBJECT_DECLARE_SIMPLE_TYPE(InstanceType, MODULE_OBJ_NAME)         \
    typedef struct InstanceType InstanceType;                            \
    static inline QEMU_UNUSED InstanceType *MODULE_OBJ_NAME(const void *obj) \
    { return OBJECT_CHECK(InstanceType, obj, TYPE_##MODULE_OBJ_NAME); }

/* Properties (instance). The add functions abort on a duplicate name. */
ObjectProperty *object_property_add(Object *obj, const char *name,
                                    const char *type,
                                    ObjectPropertyGet *get,
                                    ObjectPropertySet *set,
                                    ObjectPropertyRelease *release,
                                    void *opaque);
ObjectProperty *object_property_try_add(Object *obj, const char *name,
                                        const char *type,
                                        ObjectPropertyGet *get,
                                        ObjectPropertySet *set,
                                        ObjectPropertyRelease *release,
                                        void *opaque, Error **errp);
void object_property_del(Object *obj, const char *name);
/* Properties (class): every instance sees them. */
ObjectProperty *object_class_property_add(ObjectClass *klass,
                                          const char *name, const char *type,
                                          ObjectPropertyGet *get,
                                          ObjectPropertySet *set,
                                          ObjectPropertyRelease *release,
                                          void *opaque);
void object_property_set_description(Object *obj, const char *name,
                                     const char *description);
void object_class_property_set_description(ObjectClass *klass,
                                           const char *name,
                                           const char *description);

/* Class properties: a default (JsonNode, stolen) applied to every new
 * instance through the setter before instance_init runs. */
void object_property_set_default(ObjectProperty *prop, JsonNode *defval);
void object_property_init_defval(Object *obj, ObjectProperty *prop);

ObjectProperty *object_property_find(Object *obj, const char *name);
ObjectProperty *object_property_find_err(Object *obj, const char *name,
                                         Error **errp);
ObjectProperty *object_class_property_find(ObjectClass *klass,
                                           const char *name);

/* Iterates class properties (whole hierarchy) then instance properties. */
typedef struct ObjectPropertyIterator {
    ObjectClass *nextclass;
    GHashTableIter iter;
    GHashTable *pending;         /* instance properties, after the classes */
} ObjectPropertyIterator;
void object_property_iter_init(ObjectPropertyIterator *iter, Object *obj);
void object_class_property_iter_init(ObjectPropertyIterator *iter,
                                     ObjectClass *klass);
ObjectProperty *object_property_iter_next(ObjectPropertyIterator *iter);

/* The property's type string ("bool", "link<T>"...), NULL if absent. */
const char *object_property_get_type(Object *obj, const char *name,
                                     Error **errp);
/* obj.name forwards to target_obj.target_name (which must exist and must
 * outlive obj's use of the alias). */
ObjectProperty *object_property_add_alias(Object *obj, const char *name,
                                          Object *target_obj,
                                          const char *target_name);

/* Generic access; errors: "Property 'x.y' not found", type mismatches. */
JsonNode *object_property_get(Object *obj, const char *name, Error **errp);
bool object_property_set(Object *obj, const char *name, const JsonNode *value,
                         Error **errp);
/* Parses value as the command line would (for -device x,prop=value). */
bool object_property_parse(Object *obj, const char *name, const char *string,
                           Error **errp);
/* Typed conveniences. */
bool object_property_set_str(Object *obj, const char *name,
                             const char *value, Error **errp);
char *object_property_get_str(Object *obj, const char *name, Error **errp);
bool object_property_set_bool(Object *obj, const char *name, bool value,
                              Error **errp);
bool object_property_get_bool(Object *obj, const char *name, Error **errp);
bool object_property_set_int(Object *obj, const char *name, int64_t value,
                             Error **errp);
int64_t object_property_get_int(Object *obj, const char *name, Error **errp);
bool object_property_set_uint(Object *obj, const char *name, uint64_t value,
                              Error **errp);
uint64_t object_property_get_uint(Object *obj, const char *name,
                                  Error **errp);
bool object_property_set_link(Object *obj, const char *name, Object *value,
                              Error **errp);
Object *object_property_get_link(Object *obj, const char *name, Error **errp);
/* Applies every key of props (except those in skip, NULL-terminated). */
bool object_set_properties_from_json(Object *obj, JsonObject *props,
                                     const char *const *skip, Error **errp);

/*
 * Value conversion for setters: accept the JSON type or a string to parse
 * the command-line way. Errors name the property: "Parameter 'x' expects
 * integer" (not a number), "Parameter 'x' expects uint32_t" (out of range,
 * type_desc is the text after "expects"), "Parameter 'x' expects 'on' or
 * 'off'", "Parameter 'x' expects a size value", and "Invalid parameter type
 * for 'x', expected: integer" for a JSON value of the wrong kind.
 */
bool qom_value_to_bool(const JsonNode *v, const char *name, bool *out,
                       Error **errp);
bool qom_value_to_int(const JsonNode *v, const char *name,
                      const char *type_desc, int64_t min, int64_t max,
                      int64_t *out, Error **errp);
bool qom_value_to_uint(const JsonNode *v, const char *name,
                       const char *type_desc, uint64_t max, uint64_t *out,
                       Error **errp);
bool qom_value_to_size(const JsonNode *v, const char *name, uint64_t *out,
                       Error **errp);
/* Borrowed from v; NULL with errp set if v is not a string. */
const char *qom_value_to_str(const JsonNode *v, const char *name,
                             Error **errp);
/* JSON has one integer type (int64): values above INT64_MAX are stored as
 * their two's-complement bit pattern, and read back by the uint getters. */
JsonNode *qom_value_from_uint(uint64_t v);

/* Ready-made properties backed by a field (ptr) or callbacks. */
typedef enum ObjectPropertyFlags {
    OBJ_PROP_FLAG_READ = 1 << 0,
    OBJ_PROP_FLAG_WRITE = 1 << 1,
    OBJ_PROP_FLAG_READWRITE = OBJ_PROP_FLAG_READ | OBJ_PROP_FLAG_WRITE,
} ObjectPropertyFlags;
ObjectProperty *object_property_add_bool(Object *obj, const char *name,
                                         bool (*get)(Object *, Error **),
                                         void (*set)(Object *, bool, Error **));
ObjectProperty *object_class_property_add_bool(ObjectClass *klass,
                                         const char *name,
                                         bool (*get)(Object *, Error **),
                                         void (*set)(Object *, bool, Error **));
ObjectProperty *object_property_add_str(Object *obj, const char *name,
                                        char *(*get)(Object *, Error **),
                                        void (*set)(Object *, const char *,
                                                    Error **));
ObjectProperty *object_class_property_add_str(ObjectClass *klass,
                                        const char *name,
                                        char *(*get)(Object *, Error **),
                                        void (*set)(Object *, const char *,
                                                    Error **));
/* Enum: table is NULL-terminated list of names; value is the index. */
ObjectProperty *object_class_property_add_enum(ObjectClass *klass,
                                        const char *name, const char *typename,
                                        const char *const *table,
                                        int (*get)(Object *, Error **),
                                        void (*set)(Object *, int, Error **));
ObjectProperty *object_property_add_uint8_ptr(Object *obj, const char *name,
                                              const uint8_t *v,
                                              ObjectPropertyFlags flags);
ObjectProperty *object_property_add_uint16_ptr(Object *obj, const char *name,
                                               const uint16_t *v,
                                               ObjectPropertyFlags flags);
ObjectProperty *object_property_add_uint32_ptr(Object *obj, const char *name,
                                               const uint32_t *v,
                                               ObjectPropertyFlags flags);
ObjectProperty *object_property_add_uint64_ptr(Object *obj, const char *name,
                                               const uint64_t *v,
                                               ObjectPropertyFlags flags);
ObjectProperty *object_class_property_add_uint32_ptr(ObjectClass *klass,
                                               const char *name,
                                               size_t offset,
                                               ObjectPropertyFlags flags);
ObjectProperty *object_class_property_add_uint64_ptr(ObjectClass *klass,
                                               const char *name,
                                               size_t offset,
                                               ObjectPropertyFlags flags);

/* Composition tree. A child holds a reference; unparent drops it. */
ObjectProperty *object_property_add_child(Object *obj, const char *name,
                                          Object *child);
/* As above, but fails (duplicate name, child already parented) instead of
 * aborting. A name ending in "[*]" takes the first free "name[N]". */
ObjectProperty *object_property_try_add_child(Object *obj, const char *name,
                                              Object *child, Error **errp);
void object_unparent(Object *obj);
/* link<type> property stored at *targetp; check may veto a value. */
typedef enum ObjectPropertyLinkFlags {
    OBJ_PROP_LINK_STRONG = 1 << 0,   /* hold a reference on the target */
} ObjectPropertyLinkFlags;
ObjectProperty *object_property_add_link(Object *obj, const char *name,
                            const char *type, Object **targetp,
                            void (*check)(const Object *obj, const char *name,
                                          Object *val, Error **errp),
                            ObjectPropertyLinkFlags flags);
void object_property_allow_set_link(const Object *obj, const char *name,
                                    Object *val, Error **errp);
Object *object_get_root(void);
/* "/objects" for -object, user-creatable objects. */
Object *object_get_objects_root(void);
/* Creates intermediate "container" objects as needed. */
Object *container_get(Object *root, const char *path);
/* Absolute ("/machine/peripheral/foo") or partial ("foo", unique match)
 * path; ambiguous sets *ambiguous. */
Object *object_resolve_path(const char *path, bool *ambiguous);
Object *object_resolve_path_type(const char *path, const char *typename,
                                 bool *ambiguous);
Object *object_resolve_path_component(Object *parent, const char *part);
char *object_get_canonical_path(const Object *obj);     /* g_free */
const char *object_get_canonical_path_component(const Object *obj);
int object_child_foreach(Object *obj, int (*fn)(Object *child, void *opaque),
                         void *opaque);
int object_child_foreach_recursive(Object *obj,
                                   int (*fn)(Object *child, void *opaque),
                                   void *opaque);

/* -object / object-add: user-creatable objects implement this interface. */
typedef struct UserCreatableClass {
    InterfaceClass parent_class;
    void (*complete)(Object *obj, Error **errp);
    bool (*can_be_deleted)(Object *obj);
} UserCreatableClass;
#define USER_CREATABLE_CLASS(k) \
    OBJECT_CLASS_CHECK(UserCreatableClass, (k), TYPE_USER_CREATABLE)
/* props has "qom-type" and "id" plus the object's properties. */
Object *user_creatable_add(JsonObject *props, Error **errp);
bool user_creatable_del(const char *id, Error **errp);
void user_creatable_complete(Object *obj, Error **errp);
/* Prints "name", one per line, or the properties for "TYPE,help"; returns
 * true if the string was a help request. */
bool user_creatable_print_help(const char *type, JsonObject *opts);

#endif
