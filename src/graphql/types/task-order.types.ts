import { Field, InputType, registerEnumType } from 'type-graphql';
import { TASK_ORDER_FIELDS, type TaskOrderField } from '../../services/tasks/task.validation.js';

/** GraphQL names in caps, values as the service takes them: `DUE_DATE` is 'due_date'. */
export const TaskOrderFieldEnum = Object.fromEntries(TASK_ORDER_FIELDS.map((field) => [field.toUpperCase(), field])) as {
  [Field in TaskOrderField as Uppercase<Field>]: Field;
};
registerEnumType(TaskOrderFieldEnum, {
  name: 'TaskOrderField',
  description: 'What a task list is ordered by; ties go by id, in the same direction.',
  valuesConfig: {
    ID: { description: 'Creation order (the default).' },
    CREATED_AT: { description: 'When it was created.' },
    UPDATED_AT: { description: 'When it last changed.' },
    DUE_DATE: { description: 'When it is due; tasks without a due date come last ascending, first descending.' },
    PRIORITY: { description: 'LOW, MEDIUM, HIGH ascending; DESC for the most urgent first.' },
    TITLE: { description: 'Title, ignoring case.' },
    RELEVANCE: { description: 'How well it matches `filter.search` (required), best first; DESC for the weakest first.' },
  },
});

export const OrderDirectionEnum = { ASC: 'asc', DESC: 'desc' } as const;
registerEnumType(OrderDirectionEnum, {
  name: 'OrderDirection',
  description: 'Ascending or descending.',
  valuesConfig: { ASC: { description: 'Smallest, earliest or first in the alphabet first.' }, DESC: { description: 'The reverse.' } },
});

@InputType({ description: 'The order of a task list. Each order reads a page at the same cost, however deep; its cursors work only with it.' })
export class TaskOrder {
  @Field(() => TaskOrderFieldEnum, { description: 'What to order by.' })
  field!: TaskOrderField;

  @Field(() => OrderDirectionEnum, { nullable: true, defaultValue: 'asc', description: 'ASC unless given.' })
  direction?: 'asc' | 'desc' | null;
}
