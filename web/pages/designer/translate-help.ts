/**
 * zh-CN help texts of the Zeebe properties panel (bpmn-js-properties-panel): what the
 * ZeebeTooltipProvider shows when a designer points at a group's or a field's label, and the
 * tooltips the Zeebe entries carry themselves (the timer value, the call activity's variable
 * propagation). Kept apart from translate.ts because they are prose, not labels; translate.ts
 * merges them into its table.
 *
 * The panel asks `translate` for a sentence in pieces around the code samples it shows
 * ("(e.g. " <code>order-items</code> "). "), so the pieces are keys here as it sends them,
 * trailing spaces included. A piece such as '（例如 ' keeps its trailing space: the code sample
 * follows it directly, and a space the panel adds itself collapses into it.
 */
export const propertiesHelpZhCN: Record<string, string> = {
  // the pieces the panel builds sentences from
  'Learn more.': '了解更多。',
  ' or ': ' 或 ',
  ', ': '、',
  '). ': '）。',
  // links' titles
  'User task documentation': '用户任务文档',
  'Conditions documentation': '条件文档',
  'Learn how to define conditions.': '了解如何设置条件。',
  'Business rule task documentation': '业务规则任务文档',
  'Script task documentation': '脚本任务文档',
  'Start event form documentation': '开始事件表单文档',
  'User task form documentation': '用户任务表单文档',
  'Called decision documentation': '被调用决策文档',
  'Receive task message documentation': '接收任务消息文档',
  'Message start event documentation': '消息开始事件文档',
  'Message catch event documentation': '消息捕获事件文档',
  'Message boundary event documentation': '消息边界事件文档',
  'Call activity documentation': '调用活动文档',
  'Service task documentation': '服务任务文档',
  'Send task documentation': '发送任务文档',
  'Message throw event documentation': '消息抛出事件文档',
  'Multi instance documentation': '多实例文档',
  'Error event documentation': '错误事件文档',
  'Input mappings documentation': '输入映射文档',
  'Output mappings documentation': '输出映射文档',
  'Business ID propagation documentation': '业务 ID 传递文档',
  'User task priority documentation': '用户任务优先级文档',
  'Ad-hoc subprocess documentation': '临时子流程文档',
  'Subscription correlation key documentation': '关联键文档',
  'Conditional event documentation': '条件事件文档',
  'About conditional events.': '关于条件事件。',
  'Task headers documentation': '任务头文档',
  'Task listeners documentation': '任务监听器文档',
  'Execution listeners documentation': '执行监听器文档',
  'Job priority documentation': '作业优先级文档',
  'Timer documentation': '定时器文档',
  'How to configure a timer': '如何配置定时器',
  // groups
  'Define the assignment, schedule, and priority of the user task. Assignee, candidate groups, and candidate users can be combined. Use due date and follow-up date to express deadlines and urgency. ':
    '设置用户任务的分派、期限和优先级。办理人、候选组和候选用户可以同时设置；用到期时间和跟进时间表示期限和紧急程度。',
  'Define a boolean condition expression that determines when this sequence flow is taken. ': '设置一个布尔条件表达式，决定何时走这条顺序流。',
  'Evaluate a business rule, for example a DMN decision. To add a custom implementation, use a job worker. ': '评估业务规则，例如一个 DMN 决策。如需自定义实现，请使用作业处理器。',
  'Implement a script task using an inline FEEL expression. To add a custom implementation, use a job worker. ': '用内联的 FEEL 表达式实现脚本任务。如需自定义实现，请使用作业处理器。',
  'Implement a user task managed by Camunda. To add a custom implementation, use a job worker. ': '实现由 Camunda 管理的用户任务。如需自定义实现，请使用作业处理器。',
  'Link a form created with the Camunda Forms editor. Submitting this form will start a new process instance. ': '链接一个用 Camunda 表单编辑器制作的表单。提交该表单即启动一个新的流程实例。',
  'Link a form created with the Camunda Forms editor. To associate a custom form, application, or URL to the user task, specify an external reference. ':
    '链接一个用 Camunda 表单编辑器制作的表单。如需为用户任务关联自定义表单、应用或网址，请填写外部引用。',
  'Link or embed a form created with the Camunda Forms editor. To associate a custom form, application, or URL to the user task, specify a form key. ':
    '链接或内嵌一个用 Camunda 表单编辑器制作的表单。如需为用户任务关联自定义表单、应用或网址，请填写表单键。',
  'Define the decision to evaluate and how to map back the evaluation result. ': '设置要评估的决策，以及评估结果如何写回流程。',
  'Configure the message that the task waits for. ': '设置该任务等待的消息。',
  'Configure the message that will start this process instance. ': '设置启动此流程实例的消息。',
  'Configure the message that this event waits for. ': '设置该事件等待的消息。',
  'Configure the message that will trigger this boundary event. ': '设置触发此边界事件的消息。',
  'Define the ID of the process to call (e.g. ': '设置要调用的流程的 ID（例如 ',
  'Specify which job workers handle the task work to execute a service (e.g. ': '指定由哪些作业处理器执行该任务的服务（例如 ',
  'Specify which job workers handle the task work to evaluate business rules. ': '指定由哪些作业处理器评估该任务的业务规则。',
  'Specify which job workers handle the task work to execute a script. ': '指定由哪些作业处理器执行该任务的脚本。',
  'Specify which job workers handle the task work to send a message (e.g. ': '指定由哪些作业处理器发送该任务的消息（例如 ',
  'Specify which job workers handle the event work. ': '指定由哪些作业处理器处理该事件的工作。',
  'Execute this task for each element of a given collection. ': '对给定集合中的每个元素各执行一次该任务。',
  'Define an input collection expression that defines the collection to iterate over (e.g. ': '用输入集合表达式设置要遍历的集合（例如 ',
  'To collect the output define the output collection and the output element expressions. ': '如需收集输出，请设置输出集合和输出元素表达式。',
  'Define the error to throw. Specify an error code (e.g. ': '设置要抛出的错误。指定一个错误代码（例如 ',
  ') to identify the error. ': '）以标识该错误。',
  'Define the error to catch. Specify an error code (e.g. ': '设置要捕获的错误。指定一个错误代码（例如 ',
  ') to match a specific error, or leave empty to catch any error. ': '）只捕获该错误；留空则捕获任何错误。',
  'Add input mappings to control what is passed to the activity as local variables. ': '添加输入映射，控制哪些值作为局部变量传入该活动。',
  'Add output mappings to control which variables are merged back into the process scope. ': '添加输出映射，控制哪些变量合并回流程的作用域。',
  'Control the business ID set on a child process. If left empty, no business ID will be set. ': '控制子流程上设置的业务 ID。留空则不设置业务 ID。',
  'Define the completion behavior of an ad-hoc subprocess. If no completion condition is set, it will be completed after all active elements have been completed. ':
    '设置临时子流程何时完成。未设置完成条件时，其中所有活动的元素都完成后它才完成。',
  'Define a collection of elements which will be activated when the ad-hoc subprocess is reached. ': '设置到达临时子流程时要激活的元素集合。',
  'Specify the condition that triggers this event. ': '设置触发该事件的条件。',
  'Define static metadata passed to job workers alongside each job. Headers are not evaluated by the engine — use them for fixed worker configuration (e.g. ':
    '设置随每个作业一起传给作业处理器的静态元数据。引擎不对任务头求值，可用于作业处理器的固定配置（例如 ',
  'React to user task lifecycle events by executing a job worker. ': '在用户任务的生命周期事件发生时执行作业处理器。',
  'Add custom logic that reacts to various events in the workflow execution life-cycle. ': '添加自定义逻辑，响应流程执行生命周期中的各种事件。',
  'Add custom key-value metadata to this element. Extension properties have no effect on process execution — they can be used to attach configuration visible for other consumers of the BPMN diagram. ':
    '为该元素添加自定义的键值元数据。扩展属性不影响流程执行，可用来附加供 BPMN 图的其他使用方读取的配置。',
  'Define the FEEL expression to evaluate and the variable to store the result in. ': '设置要求值的 FEEL 表达式和存放结果的变量。',
  'Control which variables from the called process are merged back into the parent scope. By default, all child variables are propagated; use output mappings to selectively return specific variables. ':
    '控制被调用流程的哪些变量合并回父流程的作用域。默认传回子流程的全部变量；只需传回部分变量时，请使用输出映射。',
  'Implement the ad-hoc subprocess as a job worker instead of activating inner elements. The job type determines which worker handles the subprocess execution. ':
    '由作业处理器实现该临时子流程，而不是激活其中的元素。作业类型决定由哪个作业处理器执行该子流程。',
  'Define how to collect the outputs of the ad-hoc subprocess. The output collection variable stores the list of results; the output element expression defines what each element contributes. ':
    '设置如何收集临时子流程的输出。输出集合变量保存结果列表；输出元素表达式决定每个元素提供什么。',
  'Specifies the default priority for all jobs created by a process. Must be an integer. If no value is provided, the default value is 0. ': '该流程创建的所有作业的默认优先级，须为整数。不填则为 0。',
  'Specifies the priority of a job. Must be an integer. If no value is provided, the default value is 0. ': '该作业的优先级，须为整数。不填则为 0。',
  // fields
  'The number of times the engine tries executing this activity if a worker signals a failure. The default is three.': '作业处理器报告失败时，引擎尝试执行该活动的次数。默认为 3 次。',
  'Latest binding': '最新版本',
  'Uses the most recent deployed resource.': '使用最近部署的版本。',
  'Deployment binding': '同一部署中的版本',
  'Uses the resource found in the same deployment.': '使用与本流程在同一次部署中的版本。',
  'Version tag binding': '版本标签',
  'Uses the most recent deployed resource with the given version tag.': '使用带有指定版本标签、最近部署的版本。',
  'Version tag by which this process can be referenced.': '其他流程引用该流程时可用的版本标签。',
  'Version tag by which the called process will be referenced.': '用来引用被调用流程的版本标签。',
  'Version tag by which the called decision will be referenced.': '用来引用被调用决策的版本标签。',
  'Version tag by which the linked form will be referenced.': '用来引用所链接表单的版本标签。',
  'Specifies the priority of a user task. Must be an integer between 0 and 100. If no value is provided, the default value is 50. ': '用户任务的优先级，须为 0 到 100 之间的整数。不填则为 50。',
  'Identifier computed from the process context that is used to correlate an incoming message (e.g. ': '根据流程上下文算出的标识，用来把收到的消息关联到流程实例（例如 ',
  'A FEEL expression that determines whether the event should trigger. ': '决定该事件是否触发的 FEEL 表达式。',
  'Variable events that trigger the condition evaluation. If none selected, all variable events will trigger the condition evaluation. ': '触发条件求值的变量事件。一个都不选时，所有变量事件都触发条件求值。',
  'If turned on, all variables from the parent process instance will be propagated to the child process instance.': '打开时，父流程实例的全部变量都传入子流程实例。',
  'Otherwise, only variables defined via input mappings will be propagated.': '否则只传入输入映射中设置的变量。',
  'If turned on, all variables from the child process instance will be propagated to the parent process instance.': '打开时，子流程实例的全部变量都传回父流程实例。',
  'Otherwise, only variables defined via output mappings will be propagated.': '否则只传回输出映射中设置的变量。',
  // the timer's value, by timer type
  'A specific point in time defined as ISO 8601 combined date and time representation.': '一个具体时间点，用 ISO 8601 的日期时间格式表示。',
  'UTC time': 'UTC 时间',
  'UTC plus 2 hours zone offset': '时区为 UTC 加 2 小时',
  'A cycle defined as ISO 8601 repeating intervals format, or a cron expression.': '一个周期，用 ISO 8601 的重复间隔格式或 cron 表达式表示。',
  'every 10 seconds, up to 5 times': '每 10 秒一次，最多 5 次',
  'every day, infinitely': '每天一次，不限次数',
  'every hour on the hour from 9-5 p.m. UTC Monday-Friday': '周一至周五 UTC 9 点至 17 点的每个整点',
  'A time duration defined as ISO 8601 durations format.': '一段时长，用 ISO 8601 的时长格式表示。',
  '15 seconds': '15 秒',
  '1 hour and 30 minutes': '1 小时 30 分钟',
  '14 days': '14 天',
};
