/*
 * Intel 8042 keyboard controller with a PS/2 keyboard and mouse behind
 * it: ports 0x60 (data) and 0x64 (status/command), IRQ 1 (keyboard) and
 * IRQ 12 (mouse). GPIO out "a20" follows output port bit 1; pulsing output
 * port bit 0 low (command 0xFE) resets the machine.
 */
#ifndef HW_INPUT_I8042_H
#define HW_INPUT_I8042_H

#include "hw/isa/isa.h"

#define TYPE_I8042 "i8042"
#define I8042_A20_LINE "a20"

/* Keyboard input from the UI: one scancode byte (set 2 as the keyboard
 * produces it; the controller translates to set 1 if the command byte
 * asks). */
void i8042_kbd_put_keycode(DeviceState *dev, uint8_t keycode);
/* Mouse movement/buttons from the UI (buttons: bit0 left, 1 right,
 * 2 middle). */
void i8042_mouse_event(DeviceState *dev, int dx, int dy, int dz,
                       int buttons);

#endif
