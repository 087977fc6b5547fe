/**
 * Alert: a message box in one of three tones.
 *
 *   <Alert tone="success">{t("saved")}</Alert>                 role="status" (polite)
 *   <Alert tone="error" title={t("couldNotSend")}>{detail}</Alert>  role="alert" (announced at once)
 *   <Alert>{t("info")}</Alert>                                  tone "info", role="status"
 *
 * Only errors interrupt a screen reader; information and confirmations wait their turn.
 */
import type { ReactNode } from "react";

export type AlertTone = "info" | "success" | "error";

export interface AlertProps {
  tone?: AlertTone;
  title?: ReactNode;
  children?: ReactNode;
  className?: string;
  id?: string;
}

export function Alert({ tone = "info", title, children, className, id }: AlertProps) {
  return (
    <div
      id={id}
      role={tone === "error" ? "alert" : "status"}
      className={["alert", `alert--${tone}`, className].filter(Boolean).join(" ")}
    >
      {title ? <p className="alert__title">{title}</p> : null}
      {children}
    </div>
  );
}
