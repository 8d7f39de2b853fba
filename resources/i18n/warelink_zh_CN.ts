<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Domain</name>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>物料</translation>
    </message>
    <message>
        <source>Bin</source>
        <translation>库位</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Serial</source>
        <translation>序列号</translation>
    </message>
    <message>
        <source>Warehouse</source>
        <translation>仓库</translation>
    </message>
    <message>
        <source>Zone</source>
        <translation>库区</translation>
    </message>
    <message>
        <source>user name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>user</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>first admin</source>
        <translation>首个管理员</translation>
    </message>
    <message>
        <source>quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>1-64 characters without spaces</source>
        <translation>1 至 64 个字符，不能含空格</translation>
    </message>
    <message>
        <source>at least 6 characters</source>
        <translation>至少 6 个字符</translation>
    </message>
    <message>
        <source>users already exist; sign in</source>
        <translation>已有用户，请直接登录</translation>
    </message>
    <message>
        <source>you cannot remove your own admin access</source>
        <translation>不能取消您自己的管理员权限</translation>
    </message>
    <message>
        <source>clerk</source>
        <translation>仓库文员</translation>
    </message>
    <message>
        <source>station</source>
        <translation>打印站</translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <source>admin</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>available</source>
        <translation>可用</translation>
    </message>
    <message>
        <source>quarantine</source>
        <translation>待检/隔离</translation>
    </message>
    <message>
        <source>damaged</source>
        <translation>损坏</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>冻结</translation>
    </message>
    <message>
        <source>view stock</source>
        <translation>查看库存</translation>
    </message>
    <message>
        <source>receive stock</source>
        <translation>收货入库</translation>
    </message>
    <message>
        <source>move stock</source>
        <translation>移动库存</translation>
    </message>
    <message>
        <source>issue stock</source>
        <translation>出库</translation>
    </message>
    <message>
        <source>change stock status</source>
        <translation>更改库存状态</translation>
    </message>
    <message>
        <source>release stock to available</source>
        <translation>将库存放行为可用</translation>
    </message>
    <message>
        <source>reserve stock</source>
        <translation>预留库存</translation>
    </message>
    <message>
        <source>adjust stock</source>
        <translation>调整库存</translation>
    </message>
    <message>
        <source>edit master data</source>
        <translation>编辑主数据</translation>
    </message>
    <message>
        <source>manage users</source>
        <translation>管理用户</translation>
    </message>
    <message>
        <source>print labels</source>
        <translation>打印标签</translation>
    </message>
    <message>
        <source>view the audit log</source>
        <translation>查看审计日志</translation>
    </message>
</context>
<context>
    <name>DomainError</name>
    <message>
        <source>The operation was refused.</source>
        <translation>操作被拒绝。</translation>
    </message>
    <message>
        <source>Invalid {field}: {reason}</source>
        <translation>{field}无效：{reason}</translation>
    </message>
    <message>
        <source>Invalid quantity {value!r}: {reason}</source>
        <translation>数量 {value!r} 无效：{reason}</translation>
    </message>
    <message>
        <source>{kind} {key!r} not found</source>
        <translation>未找到{kind} {key!r}</translation>
    </message>
    <message>
        <source>{kind} {key!r} already exists</source>
        <translation>{kind} {key!r} 已存在</translation>
    </message>
    <message>
        <source>Not enough stock of {item} in {bin}{lot_text}: {available} available ({status}), {requested} requested</source>
        <translation>库位 {bin}{lot_text} 中物料 {item} 的库存不足：可用 {available}（{status}），需要 {requested}</translation>
    </message>
    <message>
        <source>Bin {bin} is blocked: {reason}</source>
        <translation>库位 {bin} 已冻结：{reason}</translation>
    </message>
    <message>
        <source>Bin {bin} would exceed its capacity of {capacity} {unit}</source>
        <translation>库位 {bin} 将超出其容量 {capacity} {unit}</translation>
    </message>
    <message>
        <source>Lot {lot} of {item} expired on {expiry}</source>
        <translation>物料 {item} 的批次 {lot} 已于 {expiry} 过期</translation>
    </message>
    <message>
        <source>Item {item} is lot-tracked: a lot number is required</source>
        <translation>物料 {item} 按批次管理：必须填写批次号</translation>
    </message>
    <message>
        <source>Item {item} is serial-tracked: a serial number is required and the quantity must be 1</source>
        <translation>物料 {item} 按序列号管理：必须填写序列号，且数量必须为 1</translation>
    </message>
    <message>
        <source>Item {item} is not {tracking}-tracked</source>
        <translation>物料 {item} 未按 {tracking} 管理</translation>
    </message>
    <message>
        <source>Serial {serial} of {item} is already in stock in {bin}</source>
        <translation>物料 {item} 的序列号 {serial} 已在库位 {bin} 中</translation>
    </message>
    <message>
        <source>Cannot change status from {from_status} to {to_status}</source>
        <translation>无法将状态从 {from_status} 更改为 {to_status}</translation>
    </message>
    <message>
        <source>User {user} (role {role}) may not {permission}</source>
        <translation>用户 {user}（角色：{role}）无权{permission}</translation>
    </message>
    <message>
        <source>Unknown user or wrong password</source>
        <translation>用户名或密码错误</translation>
    </message>
    <message>
        <source>Another station changed the same data at the same time; please retry</source>
        <translation>另一个工作站同时修改了相同的数据，请重试</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Not possible</source>
        <translation>无法执行</translation>
    </message>
    <message>
        <source>An unexpected error occurred ({error}). Please try again; if it happens again, tell your administrator. The details have been written to the log.</source>
        <translation>发生意外错误（{error}）。请重试；如果再次出现，请联系管理员。详细信息已写入日志。</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
</context>
<context>
    <name>FirstAdminDialog</name>
    <message>
        <source>Warelink — First start</source>
        <translation>Warelink — 首次启动</translation>
    </message>
    <message>
        <source>Welcome to Warelink</source>
        <translation>欢迎使用 Warelink</translation>
    </message>
    <message>
        <source>There are no accounts yet. Create the administrator account; other users are added later under Admin.</source>
        <translation>尚无任何账户。请创建管理员账户；其他用户可稍后在“管理”中添加。</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Full name:</source>
        <translation>姓名(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Confirm password:</source>
        <translation>确认密码(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Create administrator</source>
        <translation>创建管理员(&amp;C)</translation>
    </message>
    <message>
        <source>Enter a user name without spaces.</source>
        <translation>请输入不含空格的用户名。</translation>
    </message>
    <message>
        <source>The password needs at least {n} characters.</source>
        <translation>密码至少需要 {n} 个字符。</translation>
    </message>
    <message>
        <source>The two passwords are not the same.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Warelink — Sign in</source>
        <translation>Warelink — 登录</translation>
    </message>
    <message>
        <source>Warehouse control. Sign in to continue.</source>
        <translation>仓库管理系统。请登录以继续。</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation>登录(&amp;S)</translation>
    </message>
    <message>
        <source>Enter your user name.</source>
        <translation>请输入用户名。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;About Warelink</source>
        <translation>关于 Warelink(&amp;A)</translation>
    </message>
    <message>
        <source>This screen could not be opened. The details have been written to the log.</source>
        <translation>无法打开此界面。详细信息已写入日志。</translation>
    </message>
    <message>
        <source>Signed in: {name} · Role: {role}</source>
        <translation>当前用户：{name} · 角色：{role}</translation>
    </message>
    <message>
        <source>Database: {db}</source>
        <translation>数据库：{db}</translation>
    </message>
    <message>
        <source>Sync: not configured</source>
        <translation>同步：未配置</translation>
    </message>
    <message>
        <source>Scanner: none</source>
        <translation>扫描枪：无</translation>
    </message>
    <message>
        <source>About Warelink</source>
        <translation>关于 Warelink</translation>
    </message>
    <message>
        <source>Warehouse control: bins, lots, serial numbers, tasks, labels and ERP synchronisation.</source>
        <translation>仓库管理：库位、批次、序列号、任务、标签及 ERP 同步。</translation>
    </message>
</context>
<context>
    <name>Navigation</name>
    <message>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>物料</translation>
    </message>
    <message>
        <source>Bins</source>
        <translation>库位</translation>
    </message>
    <message>
        <source>Lots</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Printing</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>管理</translation>
    </message>
</context>
<context>
    <name>Op</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>正在处理…</translation>
    </message>
</context>
<context>
    <name>Placeholder</name>
    <message>
        <source>browse stock by item, bin and lot, with availability, history and traceability.</source>
        <translation>按物料、库位和批次浏览库存，包括可用量、历史记录和追溯。</translation>
    </message>
    <message>
        <source>create and edit items, their units, barcodes and tracking.</source>
        <translation>创建和编辑物料及其单位、条码和追踪方式。</translation>
    </message>
    <message>
        <source>manage bins: capacity, type, blocking and labels.</source>
        <translation>管理库位：容量、类型、冻结和标签。</translation>
    </message>
    <message>
        <source>lots and serial numbers with expiry dates and status.</source>
        <translation>批次和序列号，包括有效期和状态。</translation>
    </message>
    <message>
        <source>guided receiving, putaway, picking, cycle counts and moves.</source>
        <translation>引导式收货、上架、拣货、循环盘点和移库。</translation>
    </message>
    <message>
        <source>label templates, the label designer and the print queue.</source>
        <translation>标签打印模板、标签设计器和打印队列。</translation>
    </message>
    <message>
        <source>this station&apos;s scanners and label printers.</source>
        <translation>本工作站的扫描枪和标签打印机。</translation>
    </message>
    <message>
        <source>the ERP outbox, the error inbox and reconciliation.</source>
        <translation>ERP 待发送队列、同步异常收件箱和对账。</translation>
    </message>
    <message>
        <source>inventory accuracy, on-time dispatch and turnover days.</source>
        <translation>库存准确率、订单准时交付率和库存周转天数。</translation>
    </message>
    <message>
        <source>users and roles, warehouses and zones.</source>
        <translation>用户和角色、仓库和库区。</translation>
    </message>
</context>
<context>
    <name>PlaceholderPage</name>
    <message>
        <source>Placeholder</source>
        <translation>占位页面</translation>
    </message>
    <message>
        <source>Coming in a later release: {what}</source>
        <translation>将在后续版本中提供：{what}</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>The language is saved with your account and applies at once.</source>
        <translation>语言设置保存在您的账户中，并立即生效。</translation>
    </message>
</context>
<context>
    <name>_AccountDialog</name>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
</context>
</TS>
