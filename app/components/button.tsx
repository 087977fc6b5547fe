/**
 * Button and ButtonLink: the one look for actions.
 *
 *   <Button>Save</Button>                                   primary, type="submit" (the HTML default, made explicit)
 *   <Button variant="ghost" size="small" type="button" onClick={…}>Cancel</Button>
 *   <Button variant="danger" name="intent" value="delete">Delete</Button>
 *   <Button block pending={isPending} pendingLabel={t("saving")}>Save</Button>   isPending = useIsPending()
 *   <ButtonLink to="/admin/people" variant="ghost">People</ButtonLink>   a Remix <Link> that looks like a button
 *
 * While `pending`, the button is disabled (no double submission), says `pendingLabel` if given and
 * carries aria-busy. Use `buttonClassName()` to style another element the same way.
 */
import { Link, type LinkProps } from "@remix-run/react";
import type { ButtonHTMLAttributes } from "react";

export type ButtonVariant = "primary" | "ghost" | "danger";
export type ButtonSize = "normal" | "small";

export interface ButtonStyleOptions {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /** Full width of its container. */
  block?: boolean;
}

export function buttonClassName({ variant = "primary", size = "normal", block = false }: ButtonStyleOptions = {}, extra?: string) {
  return [
    "button",
    variant !== "primary" ? `button--${variant}` : null,
    size === "small" ? "button--small" : null,
    block ? "button--block" : null,
    extra,
  ]
    .filter(Boolean)
    .join(" ");
}

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement>, ButtonStyleOptions {
  /** True while the submission this button started is in flight. */
  pending?: boolean;
  /** Text shown instead of the children while pending ("Saving…"). */
  pendingLabel?: string;
}

export function Button({
  variant,
  size,
  block,
  pending = false,
  pendingLabel,
  className,
  type = "submit",
  disabled,
  children,
  ...rest
}: ButtonProps) {
  return (
    <button
      {...rest}
      type={type}
      className={buttonClassName({ variant, size, block }, className)}
      disabled={disabled || pending}
      aria-busy={pending || undefined}
    >
      {pending && pendingLabel ? pendingLabel : children}
    </button>
  );
}

export interface ButtonLinkProps extends LinkProps, ButtonStyleOptions {}

export function ButtonLink({ variant, size, block, className, ...rest }: ButtonLinkProps) {
  return <Link {...rest} className={buttonClassName({ variant, size, block }, className)} />;
}
