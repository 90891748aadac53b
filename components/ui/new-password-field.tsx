import type { ComponentProps } from "react";
import { PASSWORD_MAX, PASSWORD_MIN } from "@/lib/auth/password";
import { Field } from "./form";

/** A password being chosen: the browser may suggest one, and the hint says the length the server accepts. */
export function NewPasswordField(props: Omit<ComponentProps<typeof Field>, "type" | "autoComplete" | "hint">) {
  return (
    <Field
      type="password"
      autoComplete="new-password"
      hint={`${PASSWORD_MIN} to ${PASSWORD_MAX} characters.`}
      required
      {...props}
    />
  );
}
