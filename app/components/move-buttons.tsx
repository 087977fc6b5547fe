/**
 * MoveButtons: "Move up" and "Move down" for one item of an ordered list (departure reasons, a
 * template's tasks, a survey's questions). A small POST form sending `intent=move`, the item's id
 * under `idName` and `direction=up|down`; the first item cannot go up nor the last one down.
 *
 *   <MoveButtons idName="reasonId" id={reason.id} index={index} count={reasons.length}
 *                labels={{ up: t("moveUp"), down: t("moveDown"), upAria: t("reasons.moveUpLabel", …), downAria: … }} />
 */
import { Form } from "@remix-run/react";
import { Button } from "./button";

export interface MoveButtonsProps {
  idName: string;
  id: string;
  /** The item's place in the list (0 is the first) and the list's length. */
  index: number;
  count: number;
  /** The visible texts, and names that say which item moves (for screen readers). */
  labels: { up: string; down: string; upAria: string; downAria: string };
}

export function MoveButtons({ idName, id, index, count, labels }: MoveButtonsProps) {
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value="move" />
      <input type="hidden" name={idName} value={id} />
      <Button variant="ghost" size="small" name="direction" value="up" disabled={index === 0} aria-label={labels.upAria}>
        {labels.up}
      </Button>
      <Button variant="ghost" size="small" name="direction" value="down" disabled={index === count - 1} aria-label={labels.downAria}>
        {labels.down}
      </Button>
    </Form>
  );
}
