/*
 * Unit tests for qom/: types, interfaces, casts, properties, the
 * composition tree and user-creatable objects.
 */
#include "qemu/osdep.h"
#include "qom/object.h"
#include "qapi/error.h"
#include "qemu/option.h"

/* A small hierarchy: animal (abstract) <- dog <- puppy; dog implements
 * "barker" (an interface derived from "noisy"). */
#define TYPE_ANIMAL "test-animal"
#define TYPE_DOG "test-dog"
#define TYPE_PUPPY "test-puppy"
#define TYPE_NOISY "test-noisy"
#define TYPE_BARKER "test-barker"
#define TYPE_GADGET "test-gadget"

typedef struct Animal {
    Object parent_obj;
    int legs;
    char *trace;            /* order of init/finalize calls */
} Animal;

typedef struct AnimalClass {
    ObjectClass parent_class;
    const char *(*sound)(Animal *a);
    int class_inits;
} AnimalClass;

typedef struct Dog {
    Animal parent_obj;
    bool good;
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;
    uint32_t cls32;
    int color;
    char *name;
    Object *friend;
} Dog;

typedef struct Puppy {
    Dog parent_obj;
    int age;
} Puppy;

typedef struct BarkerClass {
    InterfaceClass parent_class;
    int (*bark_volume)(Object *obj);
} BarkerClass;

static int finalized;
static char *last_trace;

static const char *animal_sound(Animal *a)
{
    return "...";
}

static const char *dog_sound(Animal *a)
{
    return "woof";
}

static int dog_bark_volume(Object *obj)
{
    return 5;
}

static int puppy_bark_volume(Object *obj)
{
    return 2;
}

static void trace_append(Object *obj, const char *what)
{
    Animal *a = (Animal *)obj;
    char *t = g_strconcat(a->trace ? a->trace : "", what, NULL);

    g_free(a->trace);
    a->trace = t;
}

static void animal_init(Object *obj)
{
    ((Animal *)obj)->legs = 4;
    trace_append(obj, "A");
}

static void animal_finalize(Object *obj)
{
    Animal *a = (Animal *)obj;

    trace_append(obj, "a");
    finalized++;
    g_free(last_trace);
    last_trace = a->trace;
    a->trace = NULL;
}

static void animal_class_init(ObjectClass *oc, void *data)
{
    AnimalClass *ac = (AnimalClass *)oc;

    ac->sound = animal_sound;
    ac->class_inits++;
}

static bool dog_get_good(Object *obj, Error **errp)
{
    return ((Dog *)obj)->good;
}

static void dog_set_good(Object *obj, bool v, Error **errp)
{
    ((Dog *)obj)->good = v;
}

static char *dog_get_name(Object *obj, Error **errp)
{
    return g_strdup(((Dog *)obj)->name);
}

static void dog_set_name(Object *obj, const char *v, Error **errp)
{
    Dog *d = (Dog *)obj;

    if (!strcmp(v, "forbidden")) {
        error_setg(errp, "name 'forbidden' is not allowed");
        return;
    }
    g_free(d->name);
    d->name = g_strdup(v);
}

static const char *const color_table[] = { "black", "brown", "white", NULL };

static int dog_get_color(Object *obj, Error **errp)
{
    return ((Dog *)obj)->color;
}

static void dog_set_color(Object *obj, int v, Error **errp)
{
    ((Dog *)obj)->color = v;
}

static void dog_init(Object *obj)
{
    Dog *d = (Dog *)obj;

    trace_append(obj, "D");
    object_property_add_uint8_ptr(obj, "u8", &d->u8,
                                  OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint16_ptr(obj, "u16", &d->u16,
                                   OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint32_ptr(obj, "u32", &d->u32,
                                   OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint64_ptr(obj, "u64", &d->u64,
                                   OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint32_ptr(obj, "ro32", &d->u32, OBJ_PROP_FLAG_READ);
    object_property_add_link(obj, "friend", TYPE_DOG, &d->friend,
                             object_property_allow_set_link,
                             OBJ_PROP_LINK_STRONG);
}

static void dog_post_init(Object *obj)
{
    trace_append(obj, "P");
}

static void dog_finalize(Object *obj)
{
    trace_append(obj, "d");
    g_free(((Dog *)obj)->name);
}

static void dog_class_init(ObjectClass *oc, void *data)
{
    AnimalClass *ac = (AnimalClass *)oc;
    BarkerClass *bc = OBJECT_CLASS_CHECK(BarkerClass, oc, TYPE_BARKER);

    ac->sound = dog_sound;
    bc->bark_volume = dog_bark_volume;
    object_class_property_add_bool(oc, "good", dog_get_good, dog_set_good);
    object_class_property_set_description(oc, "good", "Is a good dog");
    object_class_property_add_str(oc, "name", dog_get_name, dog_set_name);
    object_class_property_add_enum(oc, "color", "DogColor", color_table,
                                   dog_get_color, dog_set_color);
    object_class_property_add_uint32_ptr(oc, "cls32", offsetof(Dog, cls32),
                                         OBJ_PROP_FLAG_READWRITE);
}

static void puppy_init(Object *obj)
{
    trace_append(obj, "Y");
}

static void puppy_class_init(ObjectClass *oc, void *data)
{
    BarkerClass *bc = OBJECT_CLASS_CHECK(BarkerClass, oc, TYPE_BARKER);

    /* Inherited from dog's copy of the interface, then overridden. */
    g_assert(bc->bark_volume == dog_bark_volume);
    bc->bark_volume = puppy_bark_volume;
}

/* A user-creatable type whose complete() can fail. */
typedef struct Gadget {
    Object parent_obj;
    uint64_t size;
    bool fail_complete;
    bool completed;
    bool busy;
} Gadget;

static void gadget_complete(Object *obj, Error **errp)
{
    Gadget *g = (Gadget *)obj;

    if (g->fail_complete) {
        error_setg(errp, "gadget refuses to complete");
        return;
    }
    g->completed = true;
}

static bool gadget_can_be_deleted(Object *obj)
{
    return !((Gadget *)obj)->busy;
}

static JsonNode *gadget_get_size(Object *obj, const char *name, void *opaque,
                                 Error **errp)
{
    return qom_value_from_uint(((Gadget *)obj)->size);
}

static void gadget_set_size(Object *obj, const char *name,
                            const JsonNode *value, void *opaque,
                            Error **errp)
{
    qom_value_to_size(value, name, &((Gadget *)obj)->size, errp);
}

static bool gadget_get_fail(Object *obj, Error **errp)
{
    return ((Gadget *)obj)->fail_complete;
}

static void gadget_set_fail(Object *obj, bool v, Error **errp)
{
    ((Gadget *)obj)->fail_complete = v;
}

static void gadget_class_init(ObjectClass *oc, void *data)
{
    UserCreatableClass *ucc = USER_CREATABLE_CLASS(oc);

    ucc->complete = gadget_complete;
    ucc->can_be_deleted = gadget_can_be_deleted;
    object_class_property_add(oc, "size", "size", gadget_get_size,
                              gadget_set_size, NULL, NULL);
    object_class_property_set_description(oc, "size", "Size of the gadget");
    object_class_property_add_bool(oc, "fail", gadget_get_fail,
                                   gadget_set_fail);
}

static const TypeInfo test_types[] = {
    {
        .name = TYPE_NOISY,
        .parent = TYPE_INTERFACE,
        .class_size = sizeof(BarkerClass),
    }, {
        .name = TYPE_BARKER,
        .parent = TYPE_NOISY,
        .class_size = sizeof(BarkerClass),
    }, {
        .name = TYPE_ANIMAL,
        .parent = TYPE_OBJECT,
        .abstract = true,
        .instance_size = sizeof(Animal),
        .instance_init = animal_init,
        .instance_finalize = animal_finalize,
        .class_size = sizeof(AnimalClass),
        .class_init = animal_class_init,
    }, {
        .name = TYPE_DOG,
        .parent = TYPE_ANIMAL,
        .instance_size = sizeof(Dog),
        .instance_init = dog_init,
        .instance_post_init = dog_post_init,
        .instance_finalize = dog_finalize,
        .class_init = dog_class_init,
        .interfaces = (InterfaceInfo[]) { { TYPE_BARKER }, { } },
    }, {
        .name = TYPE_PUPPY,
        .parent = TYPE_DOG,
        .instance_size = sizeof(Puppy),
        .instance_init = puppy_init,
        .class_init = puppy_class_init,
    }, {
        .name = TYPE_GADGET,
        .parent = TYPE_OBJECT,
        .instance_size = sizeof(Gadget),
        .class_init = gadget_class_init,
        .interfaces = (InterfaceInfo[]) { { TYPE_USER_CREATABLE }, { } },
    },
};
DEFINE_TYPES(test_types)

static void assert_error(Error **errp, const char *msg)
{
    g_assert_nonnull(*errp);
    g_assert_cmpstr(error_get_pretty(*errp), ==, msg);
    error_free(*errp);
    *errp = NULL;
}

static void test_inheritance(void)
{
    ObjectClass *dog_class = object_class_by_name(TYPE_DOG);
    ObjectClass *animal_class = object_class_by_name(TYPE_ANIMAL);
    Object *obj;
    Animal *a;

    g_assert_nonnull(dog_class);
    g_assert_null(object_class_by_name("no-such-type"));
    g_assert_cmpstr(object_class_get_name(dog_class), ==, TYPE_DOG);
    g_assert_true(object_class_get_parent(dog_class) == animal_class);
    g_assert_true(object_class_is_abstract(animal_class));
    g_assert_false(object_class_is_abstract(dog_class));
    g_assert_true(object_class_is_abstract(object_class_by_name(TYPE_BARKER)));

    /* The class copies its parent's fields, then overrides. */
    g_assert_true(((AnimalClass *)animal_class)->sound == animal_sound);
    g_assert_true(((AnimalClass *)dog_class)->sound == dog_sound);
    g_assert_true(((AnimalClass *)object_class_by_name(TYPE_PUPPY))->sound
                  == dog_sound);

    obj = object_new(TYPE_PUPPY);
    a = (Animal *)obj;
    g_assert_cmpint(a->legs, ==, 4);
    /* init runs parent first; post_init after all inits. */
    g_assert_cmpstr(a->trace, ==, "ADYP");
    g_assert_cmpstr(object_get_typename(obj), ==, TYPE_PUPPY);
    g_assert_cmpuint(obj->ref, ==, 1);

    finalized = 0;
    object_ref(obj);
    object_unref(obj);
    g_assert_cmpint(finalized, ==, 0);
    object_unref(obj);
    g_assert_cmpint(finalized, ==, 1);
    /* finalize runs subclass first. */
    g_assert_cmpstr(last_trace, ==, "ADYPda");
}

static void test_object_initialize(void)
{
    Dog d;
    Error *err = NULL;

    object_initialize(&d, sizeof(d), TYPE_DOG);
    g_assert_cmpstr(object_get_typename(OBJECT(&d)), ==, TYPE_DOG);
    finalized = 0;
    object_unref(OBJECT(&d));   /* finalizes, does not free the stack */
    g_assert_cmpint(finalized, ==, 1);

    g_assert_null(object_try_new(TYPE_ANIMAL, &err));
    assert_error(&err, "Type 'test-animal' is abstract");
    g_assert_null(object_try_new("nope", &err));
    assert_error(&err, "Unknown type 'nope'");
}

static void test_casts(void)
{
    Object *obj = object_new(TYPE_PUPPY);
    ObjectClass *oc = object_get_class(obj);
    BarkerClass *bc;
    InterfaceClass *ic;

    g_assert_true(object_dynamic_cast(obj, TYPE_DOG) == obj);
    g_assert_true(object_dynamic_cast(obj, TYPE_ANIMAL) == obj);
    g_assert_true(object_dynamic_cast(obj, TYPE_OBJECT) == obj);
    g_assert_true(object_dynamic_cast(obj, TYPE_BARKER) == obj);
    g_assert_true(object_dynamic_cast(obj, TYPE_NOISY) == obj);
    g_assert_null(object_dynamic_cast(obj, TYPE_GADGET));
    g_assert_null(object_dynamic_cast(obj, TYPE_USER_CREATABLE));
    g_assert_null(object_dynamic_cast(obj, "no-such-type"));
    g_assert_null(object_dynamic_cast(NULL, TYPE_DOG));

    /* Interface classes are per implementing class. */
    bc = (BarkerClass *)object_class_dynamic_cast(oc, TYPE_BARKER);
    g_assert_nonnull(bc);
    g_assert_true(bc->bark_volume == puppy_bark_volume);
    ic = (InterfaceClass *)bc;
    g_assert_true(ic->concrete_class == oc);
    bc = (BarkerClass *)object_class_dynamic_cast(
        object_class_by_name(TYPE_DOG), TYPE_NOISY);
    g_assert_true(bc->bark_volume == dog_bark_volume);
    g_assert_cmpint(bc->bark_volume(obj), ==, 5);

    g_assert_true(OBJECT_CHECK(Dog, obj, TYPE_DOG) == (Dog *)obj);
    object_unref(obj);
}

/*
 * Casts to ancestors are cached per class by the caller's name pointer:
 * a name buffer rewritten in place (same pointer, other type), more
 * targets than cache slots, and threads casting at once must all still
 * get exact answers.
 */
typedef struct CastThread {
    Object *puppy, *gadget;
    unsigned wrong;
} CastThread;

static gpointer cast_thread_fn(gpointer opaque)
{
    CastThread *c = opaque;
    char name[32];

    for (int i = 0; i < 20000; i++) {
        strcpy(name, (i & 1) ? TYPE_ANIMAL : TYPE_GADGET);
        c->wrong += (object_dynamic_cast(c->puppy, name) != NULL) != (i & 1);
        c->wrong += object_dynamic_cast(c->puppy, TYPE_DOG) != c->puppy;
        c->wrong += object_dynamic_cast(c->puppy, TYPE_OBJECT) != c->puppy;
        c->wrong += object_dynamic_cast(c->gadget, TYPE_DOG) != NULL;
        c->wrong += object_dynamic_cast(c->gadget, TYPE_OBJECT) != c->gadget;
    }
    return NULL;
}

static void test_cast_cache(void)
{
    Object *obj = object_new(TYPE_PUPPY);
    Object *gadget = object_new(TYPE_GADGET);
    char *name = g_malloc0(32);
    CastThread ct[3];
    GThread *th[3];

    /* Same pointer, first an ancestor, then a type that is not one. */
    strcpy(name, TYPE_ANIMAL);
    for (int i = 0; i < 3; i++) {
        g_assert_true(object_dynamic_cast(obj, name) == obj);
    }
    strcpy(name, TYPE_GADGET);
    g_assert_null(object_dynamic_cast(obj, name));
    strcpy(name, "no-such-type");
    g_assert_null(object_dynamic_cast(obj, name));
    strcpy(name, TYPE_DOG);
    g_assert_true(object_dynamic_cast(obj, name) == obj);

    /* More ancestors than slots, each asked several times. */
    for (int round = 0; round < 3; round++) {
        g_assert_true(object_dynamic_cast(obj, TYPE_DOG) == obj);
        g_assert_true(object_dynamic_cast(obj, TYPE_ANIMAL) == obj);
        g_assert_true(object_dynamic_cast(obj, TYPE_OBJECT) == obj);
        g_assert_true(object_dynamic_cast(obj, TYPE_BARKER) == obj);
        g_assert_true(object_dynamic_cast(obj, TYPE_NOISY) == obj);
        g_assert_null(object_dynamic_cast(obj, TYPE_GADGET));
        g_assert_null(object_dynamic_cast(gadget, TYPE_ANIMAL));
        g_assert_true(object_class_dynamic_cast(object_get_class(obj),
                                                TYPE_ANIMAL) ==
                      object_get_class(obj));
        /* Interfaces give the interface class, never the object's. */
        g_assert_true(object_class_dynamic_cast(object_get_class(obj),
                                                TYPE_BARKER) !=
                      object_get_class(obj));
    }

    for (int i = 0; i < 3; i++) {
        ct[i] = (CastThread) { .puppy = obj, .gadget = gadget };
        th[i] = g_thread_new("cast", cast_thread_fn, &ct[i]);
    }
    for (int i = 0; i < 3; i++) {
        g_thread_join(th[i]);
        g_assert_cmpuint(ct[i].wrong, ==, 0);
    }
    g_free(name);
    object_unref(gadget);
    object_unref(obj);
}

static void test_bad_cast_aborts(void)
{
    if (g_test_subprocess()) {
        Object *obj = object_new(TYPE_DOG);
        OBJECT_CHECK(Gadget, obj, TYPE_GADGET);
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("*Object * of type 'test-dog' is not an "
                              "instance of type 'test-gadget'*");
}

static void test_class_list(void)
{
    GSList *l = object_class_get_list(TYPE_ANIMAL, false);

    g_assert_cmpuint(g_slist_length(l), ==, 2);
    g_assert_cmpstr(object_class_get_name(l->data), ==, TYPE_DOG);
    g_assert_cmpstr(object_class_get_name(l->next->data), ==, TYPE_PUPPY);
    g_slist_free(l);
    l = object_class_get_list(TYPE_ANIMAL, true);
    g_assert_cmpuint(g_slist_length(l), ==, 3);
    g_slist_free(l);
    l = object_class_get_list(TYPE_BARKER, false);
    g_assert_cmpuint(g_slist_length(l), ==, 2);
    g_slist_free(l);
}

static void test_typed_properties(void)
{
    Object *obj = object_new(TYPE_DOG);
    Dog *d = (Dog *)obj;
    Error *err = NULL;
    JsonNode *n;
    char *s;

    /* bool: typed and parsed, read back as a JSON bool */
    g_assert_true(object_property_set_bool(obj, "good", true, &error_abort));
    g_assert_true(d->good);
    g_assert_true(object_property_parse(obj, "good", "off", &error_abort));
    g_assert_false(d->good);
    g_assert_true(object_property_parse(obj, "good", "yes", &error_abort));
    g_assert_true(object_property_get_bool(obj, "good", &error_abort));
    n = object_property_get(obj, "good", &error_abort);
    g_assert_true(json_node_get_value_type(n) == G_TYPE_BOOLEAN);
    json_node_unref(n);
    g_assert_false(object_property_parse(obj, "good", "maybe", &err));
    assert_error(&err, "Parameter 'good' expects 'on' or 'off'");
    g_assert_false(object_property_set_int(obj, "good", 1, &err));
    assert_error(&err, "Invalid parameter type for 'good', expected: boolean");

    /* string, with a setter that can refuse */
    g_assert_true(object_property_set_str(obj, "name", "rex", &error_abort));
    s = object_property_get_str(obj, "name", &error_abort);
    g_assert_cmpstr(s, ==, "rex");
    g_free(s);
    g_assert_false(object_property_set_str(obj, "name", "forbidden", &err));
    assert_error(&err, "name 'forbidden' is not allowed");
    g_assert_cmpstr(d->name, ==, "rex");

    /* enum */
    g_assert_true(object_property_parse(obj, "color", "white", &error_abort));
    g_assert_cmpint(d->color, ==, 2);
    s = object_property_get_str(obj, "color", &error_abort);
    g_assert_cmpstr(s, ==, "white");
    g_free(s);
    g_assert_false(object_property_parse(obj, "color", "pink", &err));
    assert_error(&err, "Parameter 'color' does not accept value 'pink'");
    g_assert_cmpstr(object_property_find(obj, "color")->type, ==, "DogColor");

    /* uintN: decimal, hex, range checks; read back as JSON ints */
    g_assert_true(object_property_parse(obj, "u8", "255", &error_abort));
    g_assert_cmpuint(d->u8, ==, 255);
    g_assert_false(object_property_parse(obj, "u8", "256", &err));
    assert_error(&err, "Parameter 'u8' expects uint8_t");
    g_assert_true(object_property_parse(obj, "u16", "0xffff", &error_abort));
    g_assert_cmpuint(d->u16, ==, 0xffff);
    g_assert_true(object_property_parse(obj, "u32", "0x3f8", &error_abort));
    g_assert_cmpuint(d->u32, ==, 0x3f8);
    g_assert_cmpint(object_property_get_int(obj, "u32", &error_abort), ==,
                    0x3f8);
    g_assert_false(object_property_parse(obj, "u32", "0x100000000", &err));
    assert_error(&err, "Parameter 'u32' expects uint32_t");
    g_assert_false(object_property_parse(obj, "u32", "-1", &err));
    assert_error(&err, "Parameter 'u32' expects uint32_t");
    g_assert_false(object_property_parse(obj, "u32", "foo", &err));
    assert_error(&err, "Parameter 'u32' expects integer");
    g_assert_false(object_property_set_int(obj, "u32", -5, &err));
    assert_error(&err, "Parameter 'u32' expects uint32_t");
    g_assert_false(object_property_set_bool(obj, "u32", true, &err));
    assert_error(&err, "Invalid parameter type for 'u32', expected: integer");
    g_assert_cmpuint(d->u32, ==, 0x3f8);
    g_assert_true(object_property_set_uint(obj, "u64", UINT64_MAX,
                                           &error_abort));
    g_assert_cmpuint(object_property_get_uint(obj, "u64", &error_abort), ==,
                     UINT64_MAX);
    g_assert_true(object_property_parse(obj, "u64", "18446744073709551615",
                                        &error_abort));
    g_assert_cmpuint(d->u64, ==, UINT64_MAX);

    /* class uint32 by offset */
    g_assert_true(object_property_set_uint(obj, "cls32", 7, &error_abort));
    g_assert_cmpuint(d->cls32, ==, 7);

    /* read-only, unknown */
    g_assert_false(object_property_set_uint(obj, "ro32", 1, &err));
    assert_error(&err, "Property 'test-dog.ro32' is not writable");
    g_assert_null(object_property_get(obj, "nope", &err));
    assert_error(&err, "Property 'test-dog.nope' not found");
    g_assert_false(object_property_parse(obj, "nope", "1", &err));
    assert_error(&err, "Property 'test-dog.nope' not found");

    object_unref(obj);
}

static void test_property_table(void)
{
    Object *obj = object_new(TYPE_PUPPY);
    ObjectPropertyIterator iter;
    ObjectProperty *prop;
    Error *err = NULL;
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    bool instance_seen = false, class_after_instance = false;

    object_property_iter_init(&iter, obj);
    while ((prop = object_property_iter_next(&iter))) {
        bool is_instance = g_hash_table_lookup(obj->properties, prop->name);
        if (is_instance) {
            instance_seen = true;
        } else if (instance_seen) {
            class_after_instance = true;
        }
        g_hash_table_add(seen, prop->name);
    }
    g_assert_false(class_after_instance);
    g_assert_true(g_hash_table_contains(seen, "good"));     /* dog class */
    g_assert_true(g_hash_table_contains(seen, "u32"));      /* instance */
    g_assert_true(g_hash_table_contains(seen, "type"));     /* object class */
    g_assert_cmpuint(g_hash_table_size(seen), ==, 11);
    g_hash_table_unref(seen);

    g_assert_cmpstr(object_property_find(obj, "good")->description, ==,
                    "Is a good dog");
    g_assert_nonnull(object_class_property_find(object_get_class(obj),
                                                "name"));
    g_assert_null(object_property_try_add(obj, "good", "bool", NULL, NULL,
                                          NULL, NULL, &err));
    assert_error(&err, "attempt to add duplicate property 'good' to object "
                 "(type 'test-puppy')");
    object_property_add_bool(obj, "extra", dog_get_good, NULL);
    object_property_set_description(obj, "extra", "instance bool");
    g_assert_cmpstr(object_property_find(obj, "extra")->description, ==,
                    "instance bool");
    g_assert_false(object_property_set_bool(obj, "extra", true, &err));
    error_free_or_abort(&err);
    object_property_del(obj, "extra");
    g_assert_null(object_property_find(obj, "extra"));

    /* aliases forward both ways and keep the type */
    object_property_add_alias(obj, "alias-u32", obj, "u32");
    g_assert_cmpstr(object_property_get_type(obj, "alias-u32", &error_abort),
                    ==, "uint32");
    g_assert_true(object_property_parse(obj, "alias-u32", "77",
                                        &error_abort));
    g_assert_cmpuint(object_property_get_uint(obj, "u32", &error_abort), ==,
                     77);
    g_assert_false(object_property_parse(obj, "alias-u32", "x", &err));
    assert_error(&err, "Parameter 'u32' expects integer");
    g_assert_null(object_property_get_type(obj, "nope", &err));
    error_free_or_abort(&err);

    /* "name[*]" auto-numbering */
    prop = object_property_add_bool(obj, "slot[*]", dog_get_good, NULL);
    g_assert_cmpstr(prop->name, ==, "slot[0]");
    prop = object_property_add_bool(obj, "slot[*]", dog_get_good, NULL);
    g_assert_cmpstr(prop->name, ==, "slot[1]");
    object_unref(obj);
}

static void test_set_from_json(void)
{
    Object *obj = object_new(TYPE_DOG);
    Dog *d = (Dog *)obj;
    static const char *const skip[] = { "driver", NULL };
    Error *err = NULL;
    JsonObject *props;

    props = keyval_parse_or_json("{\"driver\":\"x\",\"good\":true,"
                                 "\"u32\":\"0x10\",\"u16\":9,"
                                 "\"name\":\"fido\"}", NULL, 0, &error_abort);
    g_assert_true(object_set_properties_from_json(obj, props, skip,
                                                  &error_abort));
    g_assert_true(d->good);
    g_assert_cmpuint(d->u32, ==, 16);
    g_assert_cmpuint(d->u16, ==, 9);
    g_assert_cmpstr(d->name, ==, "fido");
    json_object_unref(props);

    props = keyval_parse("u8=1,bogus=2", NULL, 0, &error_abort);
    g_assert_false(object_set_properties_from_json(obj, props, NULL, &err));
    assert_error(&err, "Property 'test-dog.bogus' not found");
    json_object_unref(props);
    object_unref(obj);
}

static void test_child_and_paths(void)
{
    Object *root = object_get_root();
    Object *box = container_get(root, "/test-tree/box");
    Object *dog = object_new(TYPE_DOG);
    Object *pup = object_new(TYPE_PUPPY);
    Error *err = NULL;
    bool ambiguous;
    char *path;
    JsonNode *n;

    g_assert_true(container_get(root, "/test-tree/box") == box);
    g_assert_cmpstr(object_get_typename(box), ==, TYPE_CONTAINER);

    object_property_add_child(box, "rex", dog);
    object_unref(dog);              /* the tree owns it now */
    g_assert_cmpuint(dog->ref, ==, 1);
    g_assert_true(dog->parent == box);
    object_property_add_child(dog, "pup", pup);
    object_unref(pup);

    path = object_get_canonical_path(pup);
    g_assert_cmpstr(path, ==, "/test-tree/box/rex/pup");
    g_free(path);
    g_assert_cmpstr(object_get_canonical_path_component(dog), ==, "rex");
    path = object_get_canonical_path(root);
    g_assert_cmpstr(path, ==, "/");
    g_free(path);
    g_assert_cmpstr(object_property_find(box, "rex")->type, ==,
                    "child<test-dog>");
    n = object_property_get(box, "rex", &error_abort);
    g_assert_cmpstr(json_node_get_string(n), ==, "/test-tree/box/rex");
    json_node_unref(n);

    /* Resolution: absolute, partial, typed, ambiguous. */
    g_assert_true(object_resolve_path("/test-tree/box/rex", NULL) == dog);
    g_assert_true(object_resolve_path("/test-tree/box/rex/", NULL) == dog);
    g_assert_null(object_resolve_path("/test-tree/box/nope", NULL));
    g_assert_true(object_resolve_path("/", NULL) == root);
    g_assert_true(object_resolve_path("rex/pup", &ambiguous) == pup);
    g_assert_false(ambiguous);
    g_assert_true(object_resolve_path("pup", NULL) == pup);
    g_assert_null(object_resolve_path("", NULL));
    g_assert_true(object_resolve_path_type("/test-tree/box/rex", TYPE_DOG,
                                           NULL) == dog);
    g_assert_null(object_resolve_path_type("/test-tree/box/rex", TYPE_PUPPY,
                                           NULL));
    /* A dog and a puppy both match "test-dog" below box. */
    {
        Object *other = object_new(TYPE_DOG);
        object_property_add_child(container_get(root, "/test-tree/b2"),
                                  "pup", other);
        object_unref(other);
        g_assert_null(object_resolve_path("pup", &ambiguous));
        g_assert_true(ambiguous);
        g_assert_true(object_resolve_path_type("pup", TYPE_PUPPY,
                                               &ambiguous) == pup);
        g_assert_false(ambiguous);
        object_unparent(other);
    }

    /* Duplicates and double parenting fail cleanly. */
    {
        Object *x = object_new(TYPE_DOG);
        g_assert_null(object_property_try_add_child(box, "rex", x, &err));
        assert_error(&err, "attempt to add duplicate property 'rex' to "
                     "object (type 'container')");
        g_assert_null(object_property_try_add_child(box, "again", pup,
                                                    &err));
        error_free_or_abort(&err);
        object_unref(x);
    }

    /* Unparenting drops the tree's reference: both get finalized. */
    finalized = 0;
    object_unparent(dog);
    g_assert_cmpint(finalized, ==, 2);
    g_assert_null(object_resolve_path("/test-tree/box/rex", NULL));
    object_unparent(container_get(root, "/test-tree"));
}

static int count_child(Object *child, void *opaque)
{
    (*(int *)opaque)++;
    return 0;
}

static int stop_at_dog(Object *child, void *opaque)
{
    return object_dynamic_cast(child, TYPE_DOG) ? 1 : 0;
}

static void test_child_foreach(void)
{
    Object *top = object_new(TYPE_CONTAINER);
    Object *mid = container_get(top, "a/b");
    Object *d = object_new(TYPE_DOG);
    int n = 0;

    object_property_add_child(mid, "d", d);
    object_unref(d);
    container_get(top, "c");
    g_assert_cmpint(object_child_foreach(top, count_child, &n), ==, 0);
    g_assert_cmpint(n, ==, 2);                      /* a, c */
    n = 0;
    object_child_foreach_recursive(top, count_child, &n);
    g_assert_cmpint(n, ==, 4);                      /* a, a/b, a/b/d, c */
    g_assert_cmpint(object_child_foreach_recursive(top, stop_at_dog, NULL),
                    ==, 1);
    /* Not attached to the root: no canonical path. */
    g_assert_null(object_get_canonical_path(d));
    object_unref(top);
}

static void test_links(void)
{
    Object *root = object_get_root();
    Object *a = object_new(TYPE_DOG);
    Object *b = object_new(TYPE_DOG);
    Object *g = object_new(TYPE_GADGET);
    Object *box = container_get(root, "/test-links");
    Error *err = NULL;
    char *s;

    object_property_add_child(box, "a", a);
    object_property_add_child(box, "b", b);
    object_property_add_child(box, "g", g);

    g_assert_cmpstr(object_property_find(a, "friend")->type, ==,
                    "link<test-dog>");
    s = object_property_get_str(a, "friend", &error_abort);
    g_assert_cmpstr(s, ==, "");
    g_free(s);

    /* By path */
    g_assert_true(object_property_set_str(a, "friend", "/test-links/b",
                                          &error_abort));
    g_assert_true(((Dog *)a)->friend == b);
    g_assert_cmpuint(b->ref, ==, 3);    /* ours, the tree's, the link's */
    s = object_property_get_str(a, "friend", &error_abort);
    g_assert_cmpstr(s, ==, "/test-links/b");
    g_free(s);
    g_assert_true(object_property_get_link(a, "friend", &error_abort) == b);

    /* Errors */
    g_assert_false(object_property_set_str(a, "friend", "/test-links/zz",
                                           &err));
    g_assert_cmpint(error_get_class(err), ==, ERROR_CLASS_DEVICE_NOT_FOUND);
    assert_error(&err, "Device '/test-links/zz' not found");
    g_assert_false(object_property_set_str(a, "friend", "/test-links/g",
                                           &err));
    assert_error(&err, "Invalid parameter type for 'friend', expected: "
                 "test-dog");
    g_assert_false(object_property_set_link(a, "friend", g, &err));
    error_free_or_abort(&err);
    g_assert_true(((Dog *)a)->friend == b);

    /* Directly, and clearing */
    g_assert_true(object_property_set_link(a, "friend", a, &error_abort));
    g_assert_cmpuint(b->ref, ==, 2);
    g_assert_true(object_property_set_str(a, "friend", "", &error_abort));
    g_assert_null(((Dog *)a)->friend);

    /* A strong link keeps its target alive after unparenting. */
    object_property_set_link(a, "friend", b, &error_abort);
    object_unparent(b);
    object_unref(b);
    g_assert_cmpuint(b->ref, ==, 1);
    finalized = 0;
    object_unparent(box);
    object_unref(a);
    object_unref(g);
    g_assert_cmpint(finalized, ==, 2);  /* a, then b via a's link */
}

static void test_user_creatable(void)
{
    Error *err = NULL;
    JsonObject *props;
    Object *obj;
    char *path;

    props = keyval_parse("test-gadget,id=g0,size=64M", "qom-type", 0,
                         &error_abort);
    obj = user_creatable_add(props, &error_abort);
    json_object_unref(props);
    g_assert_nonnull(obj);
    g_assert_true(((Gadget *)obj)->completed);
    g_assert_cmpuint(((Gadget *)obj)->size, ==, 64 * MiB);
    path = object_get_canonical_path(obj);
    g_assert_cmpstr(path, ==, "/objects/g0");
    g_free(path);
    g_assert_true(object_resolve_path("/objects/g0", NULL) == obj);

    /* Same id again */
    props = keyval_parse("test-gadget,id=g0", "qom-type", 0, &error_abort);
    g_assert_null(user_creatable_add(props, &err));
    assert_error(&err, "attempt to add duplicate property 'g0' to object "
                 "(type 'container')");
    json_object_unref(props);

#define ADD_FAILS(str, msg)                                               \
    do {                                                                  \
        props = keyval_parse_or_json(str, "qom-type", 0, &error_abort);   \
        g_assert_null(user_creatable_add(props, &err));                   \
        assert_error(&err, msg);                                          \
        json_object_unref(props);                                         \
    } while (0)

    ADD_FAILS("nope,id=x", "Parameter 'qom-type' does not accept value "
              "'nope'");
    ADD_FAILS("test-dog,id=x", "Parameter 'qom-type' does not accept value "
              "'test-dog'");
    ADD_FAILS("test-animal,id=x", "Parameter 'qom-type' does not accept "
              "value 'test-animal'");
    ADD_FAILS("test-gadget", "Parameter 'id' is missing");
    ADD_FAILS("id=x", "Parameter 'qom-type' is missing");
    ADD_FAILS("test-gadget,id=1x", "Parameter 'id' expects an identifier");
    ADD_FAILS("test-gadget,id=x,bogus=1", "Invalid parameter 'bogus'");
    ADD_FAILS("test-gadget,id=x,size=1Mx",
              "Parameter 'size' expects a size value");
    ADD_FAILS("{\"qom-type\":\"test-gadget\",\"id\":\"x\",\"fail\":true}",
              "gadget refuses to complete");
    /* A failed add leaves nothing behind. */
    g_assert_null(object_resolve_path("/objects/x", NULL));

    /* Delete: in use, then for real, then not found. */
    ((Gadget *)obj)->busy = true;
    g_assert_false(user_creatable_del("g0", &err));
    assert_error(&err, "object 'g0' is in use, can not be deleted");
    ((Gadget *)obj)->busy = false;
    g_assert_true(user_creatable_del("g0", &error_abort));
    g_assert_null(object_resolve_path("/objects/g0", NULL));
    g_assert_false(user_creatable_del("g0", &err));
    assert_error(&err, "object 'g0' not found");
}

static void test_user_creatable_help(void)
{
    JsonObject *opts;

    if (g_test_subprocess()) {
        g_assert_true(user_creatable_print_help("help", NULL));
        opts = keyval_parse("test-gadget,help", "qom-type",
                            KEYVAL_BARE_FLAGS, &error_abort);
        g_assert_true(user_creatable_print_help("test-gadget", opts));
        json_object_unref(opts);
        opts = keyval_parse("test-gadget,id=x", "qom-type", 0, &error_abort);
        g_assert_false(user_creatable_print_help("test-gadget", opts));
        json_object_unref(opts);
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_passed();
    g_test_trap_assert_stdout("List of user creatable objects:\n"
                              "*  test-gadget\n*"
                              "test-gadget options:\n"
                              "  fail=<bool>\n"
                              "  size=<size>            - Size of the "
                              "gadget\n");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qom/inheritance", test_inheritance);
    g_test_add_func("/qom/object_initialize", test_object_initialize);
    g_test_add_func("/qom/casts", test_casts);
    g_test_add_func("/qom/cast_cache", test_cast_cache);
    g_test_add_func("/qom/bad_cast_aborts", test_bad_cast_aborts);
    g_test_add_func("/qom/class_list", test_class_list);
    g_test_add_func("/qom/typed_properties", test_typed_properties);
    g_test_add_func("/qom/property_table", test_property_table);
    g_test_add_func("/qom/set_from_json", test_set_from_json);
    g_test_add_func("/qom/child_and_paths", test_child_and_paths);
    g_test_add_func("/qom/child_foreach", test_child_foreach);
    g_test_add_func("/qom/links", test_links);
    g_test_add_func("/qom/user_creatable", test_user_creatable);
    g_test_add_func("/qom/user_creatable_help", test_user_creatable_help);
    return g_test_run();
}
