/* gen_helper_NAME() emitters for the helper list named by HELPER_H. */
#include "tcg/tcg.h"
#include "exec/helper-head.h"

#define HELPER_INFO_DECL(name) extern const TCGHelperInfo helper_info_##name;
#define HELPER_CALL(name, ret, n, ...)                                     \
    do {                                                                   \
        TCGTemp *args_[] = { __VA_ARGS__ };                               \
        tcg_gen_callN(&helper_info_##name, dh_rettemp(ret), n, args_);    \
    } while (0)

#define DEF_HELPER_FLAGS_0(name, flags, ret)                               \
    HELPER_INFO_DECL(name)                                                 \
    static inline void gen_helper_##name(dh_retdecl0(ret))                \
    {                                                                      \
        tcg_gen_callN(&helper_info_##name, dh_rettemp(ret), 0, NULL);     \
    }
#define DEF_HELPER_FLAGS_1(name, flags, ret, t1)                           \
    HELPER_INFO_DECL(name)                                                 \
    static inline void gen_helper_##name(dh_retdecl(ret) dh_tcgv(t1) a1)  \
    {                                                                      \
        HELPER_CALL(name, ret, 1, dh_temp(t1, a1));                       \
    }
#define DEF_HELPER_FLAGS_2(name, flags, ret, t1, t2)                       \
    HELPER_INFO_DECL(name)                                                 \
    static inline void gen_helper_##name(dh_retdecl(ret) dh_tcgv(t1) a1,  \
                                         dh_tcgv(t2) a2)                  \
    {                                                                      \
        HELPER_CALL(name, ret, 2, dh_temp(t1, a1), dh_temp(t2, a2));      \
    }
#define DEF_HELPER_FLAGS_3(name, flags, ret, t1, t2, t3)                   \
    HELPER_INFO_DECL(name)                                                 \
    static inline void gen_helper_##name(dh_retdecl(ret) dh_tcgv(t1) a1,  \
                                         dh_tcgv(t2) a2, dh_tcgv(t3) a3)  \
    {                                                                      \
        HELPER_CALL(name, ret, 3, dh_temp(t1, a1), dh_temp(t2, a2),       \
                    dh_temp(t3, a3));                                      \
    }
#define DEF_HELPER_FLAGS_4(name, flags, ret, t1, t2, t3, t4)               \
    HELPER_INFO_DECL(name)                                                 \
    static inline void gen_helper_##name(dh_retdecl(ret) dh_tcgv(t1) a1,  \
                                         dh_tcgv(t2) a2, dh_tcgv(t3) a3,  \
                                         dh_tcgv(t4) a4)                  \
    {                                                                      \
        HELPER_CALL(name, ret, 4, dh_temp(t1, a1), dh_temp(t2, a2),       \
                    dh_temp(t3, a3), dh_temp(t4, a4));                    \
    }
#define DEF_HELPER_FLAGS_5(name, flags, ret, t1, t2, t3, t4, t5)           \
    HELPER_INFO_DECL(name)                                                 \
    static inline void gen_helper_##name(dh_retdecl(ret) dh_tcgv(t1) a1,  \
                                         dh_tcgv(t2) a2, dh_tcgv(t3) a3,  \
                                         dh_tcgv(t4) a4, dh_tcgv(t5) a5)  \
    {                                                                      \
        HELPER_CALL(name, ret, 5, dh_temp(t1, a1), dh_temp(t2, a2),       \
                    dh_temp(t3, a3), dh_temp(t4, a4), dh_temp(t5, a5));   \
    }
#define DEF_HELPER_FLAGS_6(name, flags, ret, t1, t2, t3, t4, t5, t6)       \
    HELPER_INFO_DECL(name)                                                 \
    static inline void gen_helper_##name(dh_retdecl(ret) dh_tcgv(t1) a1,  \
                                         dh_tcgv(t2) a2, dh_tcgv(t3) a3,  \
                                         dh_tcgv(t4) a4, dh_tcgv(t5) a5,  \
                                         dh_tcgv(t6) a6)                  \
    {                                                                      \
        HELPER_CALL(name, ret, 6, dh_temp(t1, a1), dh_temp(t2, a2),       \
                    dh_temp(t3, a3), dh_temp(t4, a4), dh_temp(t5, a5),    \
                    dh_temp(t6, a6));                                      \
    }

#include HELPER_H

#undef DEF_HELPER_FLAGS_0
#undef DEF_HELPER_FLAGS_1
#undef DEF_HELPER_FLAGS_2
#undef DEF_HELPER_FLAGS_3
#undef DEF_HELPER_FLAGS_4
#undef DEF_HELPER_FLAGS_5
#undef DEF_HELPER_FLAGS_6
#undef HELPER_INFO_DECL
#undef HELPER_CALL
