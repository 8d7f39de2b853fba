<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>BinForm</name>
    <message>
        <source>Bin {code}</source>
        <translation>库位 {code}</translation>
    </message>
    <message>
        <source>New bin</source>
        <translation>新建库位</translation>
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
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Barcode</source>
        <translation>条码</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Pick sequence</source>
        <translation>拣货顺序</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>容量</translation>
    </message>
    <message>
        <source>Blocked because</source>
        <translation>冻结原因</translation>
    </message>
    <message>
        <source>Default: warehouse-code</source>
        <translation>默认：仓库-编码</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>冻结</translation>
    </message>
</context>
<context>
    <name>BinPage</name>
    <message>
        <source>Blocked: {reason}</source>
        <translation>已冻结：{reason}</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Bin</source>
        <translation>库位</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>冻结</translation>
    </message>
    <message>
        <source>Contents</source>
        <translation>库存内容</translation>
    </message>
    <message>
        <source>Movement history (newest first)</source>
        <translation>库存流水（最新在前）</translation>
    </message>
</context>
<context>
    <name>BinRangeDialog</name>
    <message>
        <source>racks</source>
        <translation>货架</translation>
    </message>
    <message>
        <source>levels</source>
        <translation>层</translation>
    </message>
    <message>
        <source>positions</source>
        <translation>位</translation>
    </message>
    <message>
        <source>The {part} run from high to low.</source>
        <translation>{part}的范围从大到小，请从小到大填写。</translation>
    </message>
    <message>
        <source>{n} bins; at most {max} at once.</source>
        <translation>共 {n} 个库位；一次最多 {max} 个。</translation>
    </message>
    <message>
        <source>Bins: {n}, from {first} to {last}. Codes that already exist are skipped.</source>
        <translation>库位数：{n}，从 {first} 到 {last}。已存在的编码将跳过。</translation>
    </message>
    <message>
        <source>Create a range of bins</source>
        <translation>批量创建库位</translation>
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
        <source>Aisles</source>
        <translation>巷道</translation>
    </message>
    <message>
        <source>Racks</source>
        <translation>货架</translation>
    </message>
    <message>
        <source>Levels</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Positions</source>
        <translation>位</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>容量</translation>
    </message>
    <message>
        <source>Letters: a run like A-D or a list like A,B,D</source>
        <translation>字母：范围如 A-D，或列表如 A,B,D</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>不限</translation>
    </message>
</context>
<context>
    <name>BinType</name>
    <message>
        <source>Receiving</source>
        <translation>收货区</translation>
    </message>
    <message>
        <source>Storage</source>
        <translation>存储区</translation>
    </message>
    <message>
        <source>Pick face</source>
        <translation>拣货位</translation>
    </message>
    <message>
        <source>Staging</source>
        <translation>暂存区</translation>
    </message>
    <message>
        <source>Shipping</source>
        <translation>发货区</translation>
    </message>
    <message>
        <source>Quarantine</source>
        <translation>隔离区</translation>
    </message>
</context>
<context>
    <name>BinsScreen</name>
    <message>
        <source>Warehouse</source>
        <translation>仓库</translation>
    </message>
    <message>
        <source>Zone</source>
        <translation>库区</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Barcode</source>
        <translation>条码</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Sequence</source>
        <translation>顺序</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>容量</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>冻结</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>All warehouses</source>
        <translation>全部仓库</translation>
    </message>
    <message>
        <source>All zones</source>
        <translation>全部库区</translation>
    </message>
    <message>
        <source>Blocked or not</source>
        <translation>冻结与否</translation>
    </message>
    <message>
        <source>Not blocked</source>
        <translation>未冻结</translation>
    </message>
    <message>
        <source>All types</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <source>Code or barcode starts with</source>
        <translation>编码或条码开头</translation>
    </message>
    <message>
        <source>New bin</source>
        <translation>新建库位</translation>
    </message>
    <message>
        <source>Create range…</source>
        <translation>批量创建…</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Unblock</source>
        <translation>解冻</translation>
    </message>
    <message>
        <source>Block…</source>
        <translation>冻结…</translation>
    </message>
    <message>
        <source>Saved bin {code}.</source>
        <translation>已保存库位 {code}。</translation>
    </message>
    <message>
        <source>Blocked bin {code}.</source>
        <translation>已冻结库位 {code}。</translation>
    </message>
    <message>
        <source>Unblocked bin {code}.</source>
        <translation>已解冻库位 {code}。</translation>
    </message>
    <message>
        <source>Creating bins…</source>
        <translation>正在创建库位…</translation>
    </message>
    <message>
        <source>Created {n} bins; {skipped} existed already.</source>
        <translation>已创建 {n} 个库位；{skipped} 个已存在。</translation>
    </message>
</context>
<context>
    <name>BlockDialog</name>
    <message>
        <source>Block bin</source>
        <translation>冻结库位</translation>
    </message>
    <message>
        <source>Why is bin {code} blocked? Nothing can be put into or taken out of it until it is unblocked.</source>
        <translation>库位 {code} 为什么冻结？解冻前不能放入或取出任何库存。</translation>
    </message>
    <message>
        <source>e.g. rack damaged</source>
        <translation>例如：货架损坏</translation>
    </message>
</context>
<context>
    <name>ConnectionPage</name>
    <message>
        <source>Connector</source>
        <translation>连接器</translation>
    </message>
    <message>
        <source>Tryton URL</source>
        <translation>Tryton 地址</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Warehouse code</source>
        <translation>仓库代码</translation>
    </message>
    <message>
        <source>Receipts supplier</source>
        <translation>收货供应商</translation>
    </message>
    <message>
        <source>Settings (JSON)</source>
        <translation>设置（JSON）</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>stored; type a new one to replace it</source>
        <translation>已保存；输入新密码可替换</translation>
    </message>
    <message>
        <source>not stored</source>
        <translation>未保存</translation>
    </message>
    <message>
        <source>Saved. The sync restarts with the new settings.</source>
        <translation>已保存。同步将以新设置重新启动。</translation>
    </message>
    <message>
        <source>Saved. The sync uses the new settings from its next start.</source>
        <translation type="vanished">已保存。同步将在下次启动时使用新设置。</translation>
    </message>
    <message>
        <source>Reaching the ERP…</source>
        <translation>正在连接 ERP…</translation>
    </message>
    <message>
        <source>Connected: {what}</source>
        <translation>已连接：{what}</translation>
    </message>
    <message>
        <source>Not connected: {error}</source>
        <translation>未连接：{error}</translation>
    </message>
</context>
<context>
    <name>CountApprovalScreen</name>
    <message>
        <source>Scan a finished count task to review its variances</source>
        <translation>扫描已完成的盘点任务以查看差异</translation>
    </message>
    <message>
        <source>Count approval</source>
        <translation>盘点审批</translation>
    </message>
    <message>
        <source>Reason code</source>
        <translation>原因代码</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Approve: book the variances</source>
        <translation>审批：过账差异</translation>
    </message>
    <message>
        <source>{task}: {count} variance(s); approve with a reason code</source>
        <translation>{task}：{count} 处差异；请填写原因代码后审批</translation>
    </message>
    <message>
        <source>{code} is not a count task</source>
        <translation>{code} 不是盘点任务</translation>
    </message>
    <message>
        <source>Scan a count task first</source>
        <translation>请先扫描盘点任务</translation>
    </message>
    <message>
        <source>{task} approved</source>
        <translation>{task} 已审批</translation>
    </message>
    <message>
        <source>Scan the next count task</source>
        <translation>扫描下一个盘点任务</translation>
    </message>
</context>
<context>
    <name>CountScreen</name>
    <message>
        <source>bins</source>
        <translation>库位</translation>
    </message>
    <message>
        <source>a zone</source>
        <translation>库区</translation>
    </message>
    <message>
        <source>items</source>
        <translation>物料</translation>
    </message>
    <message>
        <source>ABC class</source>
        <translation>ABC 分类</translation>
    </message>
    <message>
        <source>scan bins, or type them comma separated</source>
        <translation>扫描库位，或输入（逗号分隔）</translation>
    </message>
    <message>
        <source>zone code</source>
        <translation>库区代码</translation>
    </message>
    <message>
        <source>scan items, or type them comma separated</source>
        <translation>扫描物料，或输入（逗号分隔）</translation>
    </message>
    <message>
        <source>Scan a count task</source>
        <translation>扫描盘点任务</translation>
    </message>
    <message>
        <source>Cycle count (blind)</source>
        <translation>循环盘点（盲盘）</translation>
    </message>
    <message>
        <source>Cycle count (open: the book is shown)</source>
        <translation>循环盘点（明盘：显示账面数量）</translation>
    </message>
    <message>
        <source>Counted quantity</source>
        <translation>盘点数量</translation>
    </message>
    <message>
        <source>warehouse</source>
        <translation type="vanished">仓库</translation>
    </message>
    <message>
        <source>bins, zone, items or class (comma separated)</source>
        <translation type="vanished">库位、库区、物料或分类（逗号分隔）</translation>
    </message>
    <message>
        <source>Plan a count</source>
        <translation>计划盘点</translation>
    </message>
    <message>
        <source>Warehouse</source>
        <translation>仓库</translation>
    </message>
    <message>
        <source>Count by</source>
        <translation>盘点依据</translation>
    </message>
    <message>
        <source>Bins, zone or items</source>
        <translation>库位、库区或物料</translation>
    </message>
    <message>
        <source>Recount beyond % and quantity</source>
        <translation>差异超过百分比和数量时复盘</translation>
    </message>
    <message>
        <source>warehouse code</source>
        <translation>仓库代码</translation>
    </message>
    <message>
        <source>Blind: counters do not see the book quantity</source>
        <translation>盲盘：盘点员看不到账面数量</translation>
    </message>
    <message>
        <source>Scan a bin to count: {bins}</source>
        <translation>扫描要盘点的库位：{bins}</translation>
    </message>
    <message>
        <source>{task} is counted; a supervisor approves it</source>
        <translation>{task} 已盘点完毕，等待主管审批</translation>
    </message>
    <message>
        <source>Scan an item in {bin}, or {bin} again when it is done</source>
        <translation>扫描 {bin} 中的物料，完成后再次扫描 {bin}</translation>
    </message>
    <message>
        <source>{code}: scan a count task first</source>
        <translation>{code}：请先扫描盘点任务</translation>
    </message>
    <message>
        <source>{item} {lot}: type the quantity counted</source>
        <translation>{item} {lot}：请输入盘点数量</translation>
    </message>
    <message>
        <source>How many {item} are in {bin}? (Enter)</source>
        <translation>{bin} 中有多少 {item}？（回车确认）</translation>
    </message>
    <message>
        <source>How many {item} are in {bin}? The book says {qty} (Enter)</source>
        <translation>{bin} 中有多少 {item}？账面为 {qty}（回车）</translation>
    </message>
    <message>
        <source>{code}: expected a bin or an item</source>
        <translation>{code}：应扫描库位或物料</translation>
    </message>
    <message>
        <source>{bin} is not to be counted in {task}</source>
        <translation>{bin} 不在 {task} 的盘点范围内</translation>
    </message>
    <message>
        <source>Counting {bin}</source>
        <translation>正在盘点 {bin}</translation>
    </message>
    <message>
        <source>Scan a bin and an item first</source>
        <translation>请先扫描库位和物料</translation>
    </message>
    <message>
        <source>Counted {qty} × {item}</source>
        <translation>已盘点 {qty} × {item}</translation>
    </message>
    <message>
        <source>The variance in {bin} is too large: count it again</source>
        <translation>{bin} 的差异过大：请复盘</translation>
    </message>
    <message>
        <source>{bin} counted</source>
        <translation>{bin} 已盘点</translation>
    </message>
    <message>
        <source>{code} added to the plan; Enter plans the count</source>
        <translation>{code} 已加入计划；回车生成盘点</translation>
    </message>
    <message>
        <source>Scan more, or press Enter to plan the count</source>
        <translation>继续扫描，或按回车生成盘点</translation>
    </message>
    <message>
        <source>Count {task} planned</source>
        <translation>盘点任务 {task} 已计划</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <source>ERP book accuracy</source>
        <translation>ERP 账面准确率</translation>
    </message>
    <message>
        <source>Count accuracy</source>
        <translation>盘点准确率</translation>
    </message>
    <message>
        <source>On-time dispatch</source>
        <translation>准时发货率</translation>
    </message>
    <message>
        <source>Turnover</source>
        <translation>周转</translation>
    </message>
    <message>
        <source>Pick lines per hour</source>
        <translation>每小时拣货行数</translation>
    </message>
    <message>
        <source>Received → put away</source>
        <translation>收货→上架</translation>
    </message>
    <message>
        <source>Discrepancy resolution</source>
        <translation>差异处理时长</translation>
    </message>
    <message>
        <source>Stock older than 90 days</source>
        <translation>库龄超过 90 天的库存</translation>
    </message>
    <message>
        <source>Slow-moving and obsolete</source>
        <translation>呆滞及过期库存</translation>
    </message>
    <message>
        <source>Expired units</source>
        <translation>已过期数量</translation>
    </message>
    <message>
        <source>Stock-outs and below minimum</source>
        <translation>缺货及低于最低库存</translation>
    </message>
    <message>
        <source>ERP sync backlog</source>
        <translation>ERP 同步积压</translation>
    </message>
    <message>
        <source>Stock by age (days since receipt)</source>
        <translation>按库龄的库存（收货后天数）</translation>
    </message>
    <message>
        <source>Outbound orders by outcome</source>
        <translation>出库单按结果</translation>
    </message>
    <message>
        <source>Turnover days by product line</source>
        <translation>各产品线周转天数</translation>
    </message>
    <message>
        <source>Sync failures by error class</source>
        <translation>按错误类别的同步失败</translation>
    </message>
    <message>
        <source>ERP book accuracy (latest reconciliation)</source>
        <translation>ERP 账面准确率（最近一次对账）</translation>
    </message>
    <message>
        <source>Count accuracy: count variances</source>
        <translation>盘点准确率：盘点差异</translation>
    </message>
    <message>
        <source>On-time dispatch: orders</source>
        <translation>准时发货：订单</translation>
    </message>
    <message>
        <source>Turnover days per item</source>
        <translation>各物料周转天数</translation>
    </message>
    <message>
        <source>Turnover days per product line</source>
        <translation>各产品线周转天数</translation>
    </message>
    <message>
        <source>Turnover days per warehouse</source>
        <translation>各仓库周转天数</translation>
    </message>
    <message>
        <source>Pick productivity per user</source>
        <translation>各用户拣货效率</translation>
    </message>
    <message>
        <source>Pick productivity per zone</source>
        <translation>各库区拣货效率</translation>
    </message>
    <message>
        <source>Putaway timeliness</source>
        <translation>上架及时性</translation>
    </message>
    <message>
        <source>Discrepancy resolution time</source>
        <translation>差异处理时长</translation>
    </message>
    <message>
        <source>Stock ageing</source>
        <translation>库龄</translation>
    </message>
    <message>
        <source>Slow-moving and obsolete stock</source>
        <translation>呆滞及过期库存</translation>
    </message>
    <message>
        <source>Expired and expiring lots</source>
        <translation>已过期及即将过期批次</translation>
    </message>
    <message>
        <source>ERP sync failures</source>
        <translation>ERP 同步失败</translation>
    </message>
    <message>
        <source>Active hours</source>
        <translation>有效工时</translation>
    </message>
    <message>
        <source>Age (days)</source>
        <translation>库龄（天）</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>审批时间</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>可用</translation>
    </message>
    <message>
        <source>Average stock</source>
        <translation>平均库存</translation>
    </message>
    <message>
        <source>Average value</source>
        <translation>平均金额</translation>
    </message>
    <message>
        <source>Bin</source>
        <translation>库位</translation>
    </message>
    <message>
        <source>Age bucket</source>
        <translation>库龄段</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Closing stock</source>
        <translation>期末库存</translation>
    </message>
    <message>
        <source>Closing value</source>
        <translation>期末金额</translation>
    </message>
    <message>
        <source>Consumed</source>
        <translation>消耗</translation>
    </message>
    <message>
        <source>Consumed value</source>
        <translation>消耗金额</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>盘点</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Days left</source>
        <translation>剩余天数</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>差异</translation>
    </message>
    <message>
        <source>ERP book</source>
        <translation>ERP 账面</translation>
    </message>
    <message>
        <source>Error class</source>
        <translation>错误类别</translation>
    </message>
    <message>
        <source>Book</source>
        <translation>账面</translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation>有效期</translation>
    </message>
    <message>
        <source>Failed attempts</source>
        <translation>失败次数</translation>
    </message>
    <message>
        <source>Found</source>
        <translation>发现时间</translation>
    </message>
    <message>
        <source>Gave up</source>
        <translation>已放弃</translation>
    </message>
    <message>
        <source>Hours</source>
        <translation>小时</translation>
    </message>
    <message>
        <source>Idle days</source>
        <translation>呆滞天数</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>物料</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Last failure</source>
        <translation>最近失败</translation>
    </message>
    <message>
        <source>Last issue</source>
        <translation>最近出库</translation>
    </message>
    <message>
        <source>Last shipped</source>
        <translation>最近发货</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>行数</translation>
    </message>
    <message>
        <source>Lines per hour</source>
        <translation>每小时行数</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Message type</source>
        <translation>消息类型</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>消息数</translation>
    </message>
    <message>
        <source>Minimum</source>
        <translation>最低库存</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>缺少</translation>
    </message>
    <message>
        <source>Oldest receipt</source>
        <translation>最早收货</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Ordered</source>
        <translation>订购数量</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Product line</source>
        <translation>产品线</translation>
    </message>
    <message>
        <source>Put away</source>
        <translation>上架时间</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>收货时间</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>单据</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>要求日期</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>处理时间</translation>
    </message>
    <message>
        <source>Shipped by deadline</source>
        <translation>截止前发货</translation>
    </message>
    <message>
        <source>Shipped</source>
        <translation>已发货</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>库存状态</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Turnover days</source>
        <translation>周转天数</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>件数</translation>
    </message>
    <message>
        <source>Units per hour</source>
        <translation>每小时件数</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>金额</translation>
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
        <source>on time</source>
        <translation>准时</translation>
    </message>
    <message>
        <source>partial</source>
        <translation>部分</translation>
    </message>
    <message>
        <source>late</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>not yet due</source>
        <translation>未到期</translation>
    </message>
    <message>
        <source>slow-moving</source>
        <translation>呆滞</translation>
    </message>
    <message>
        <source>obsolete</source>
        <translation>过时</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>expiring</source>
        <translation>即将过期</translation>
    </message>
    <message>
        <source>stock-out</source>
        <translation>缺货</translation>
    </message>
    <message>
        <source>below minimum</source>
        <translation>低于最低库存</translation>
    </message>
    <message>
        <source>count</source>
        <translation>盘点</translation>
    </message>
    <message>
        <source>reconciliation</source>
        <translation>对账</translation>
    </message>
    <message>
        <source>within 24 h</source>
        <translation>24 小时内</translation>
    </message>
    <message>
        <source>matched</source>
        <translation>一致</translation>
    </message>
    <message>
        <source>different</source>
        <translation>不一致</translation>
    </message>
    <message>
        <source>exact</source>
        <translation>准确</translation>
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
        <source>open</source>
        <translation>未处理</translation>
    </message>
    <message>
        <source>explained</source>
        <translation>已说明</translation>
    </message>
    <message>
        <source>adjusted</source>
        <translation>已调整</translation>
    </message>
    <message>
        <source>pushed</source>
        <translation>已推送 ERP</translation>
    </message>
    <message>
        <source>{value} {unit}</source>
        <translation>{value} {unit}</translation>
    </message>
    <message>
        <source>days</source>
        <translation>天</translation>
    </message>
    <message>
        <source>h</source>
        <translation>小时</translation>
    </message>
    <message>
        <source>lines/h</source>
        <translation>行/小时</translation>
    </message>
</context>
<context>
    <name>DashboardScreen</name>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>All warehouses</source>
        <translation>全部仓库</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>All rows</source>
        <translation>全部行</translation>
    </message>
    <message>
        <source>Filter rows…</source>
        <translation>筛选行…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <source>Updated {time}</source>
        <translation>更新于 {time}</translation>
    </message>
    <message>
        <source>target {target} %</source>
        <translation>目标 {target} %</translation>
    </message>
    <message>
        <source>{n} item(s) without a cost are left out of values</source>
        <translation>{n} 个物料没有成本，未计入金额</translation>
    </message>
    <message>
        <source>{slow} slow-moving and {obsolete} obsolete item(s)</source>
        <translation>{slow} 个呆滞物料，{obsolete} 个过时物料</translation>
    </message>
    <message>
        <source>By quantity: no item on hand has a cost</source>
        <translation>按数量：库存物料均无成本</translation>
    </message>
    <message>
        <source>Company-wide: the warehouse filter does not apply</source>
        <translation>全公司范围：仓库筛选不适用</translation>
    </message>
    <message>
        <source>{n} row(s)</source>
        <translation>{n} 行</translation>
    </message>
    <message>
        <source>{column} = {value}: {n} row(s)</source>
        <translation>{column} = {value}：{n} 行</translation>
    </message>
    <message>
        <source>(of the first {n} rows; the tile counts all)</source>
        <translation>（仅前 {n} 行；磁贴统计全部）</translation>
    </message>
    <message>
        <source>Export report</source>
        <translation>导出报表</translation>
    </message>
    <message>
        <source>{n} row(s) exported to {path}</source>
        <translation>已导出 {n} 行到 {path}</translation>
    </message>
    <message>
        <source>{start} – {end} · {warehouse} · {drill}</source>
        <translation>{start} – {end} · {warehouse} · {drill}</translation>
    </message>
    <message>
        <source>Printed {time}</source>
        <translation>打印于 {time}</translation>
    </message>
</context>
<context>
    <name>DesignScene</name>
    <message>
        <source>Move</source>
        <translation>移动</translation>
    </message>
    <message>
        <source>Resize</source>
        <translation>调整大小</translation>
    </message>
    <message>
        <source>Nudge</source>
        <translation>微调位置</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>Designer</name>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Bound field</source>
        <translation>绑定字段</translation>
    </message>
    <message>
        <source>Code 128</source>
        <translation>Code 128</translation>
    </message>
    <message>
        <source>GS1-128</source>
        <translation>GS1-128</translation>
    </message>
    <message>
        <source>EAN-13</source>
        <translation>EAN-13</translation>
    </message>
    <message>
        <source>SSCC</source>
        <translation>SSCC</translation>
    </message>
    <message>
        <source>QR code</source>
        <translation>二维码</translation>
    </message>
    <message>
        <source>DataMatrix</source>
        <translation>DataMatrix</translation>
    </message>
    <message>
        <source>GS1 DataMatrix</source>
        <translation>GS1 DataMatrix</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>直线</translation>
    </message>
    <message>
        <source>Box</source>
        <translation>矩形框</translation>
    </message>
    <message>
        <source>Table band</source>
        <translation>表格带</translation>
    </message>
    <message>
        <source>Elements</source>
        <translation>元素</translation>
    </message>
    <message>
        <source>Drag onto the label, or click to add it at the top left</source>
        <translation>拖到标签上，或单击添加到左上角</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>物料</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Bin</source>
        <translation>库位</translation>
    </message>
    <message>
        <source>Package</source>
        <translation>包装</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Label and page</source>
        <translation>标签和页面</translation>
    </message>
    <message>
        <source>Table row</source>
        <translation>表格行</translation>
    </message>
    <message>
        <source>Pick list</source>
        <translation>拣货单</translation>
    </message>
    <message>
        <source>Count sheet</source>
        <translation>盘点表</translation>
    </message>
    <message>
        <source>Receiving note</source>
        <translation>收货单</translation>
    </message>
    <message>
        <source>Delivery note</source>
        <translation>送货单</translation>
    </message>
    <message>
        <source>X (mm)</source>
        <translation>X（毫米）</translation>
    </message>
    <message>
        <source>Y (mm)</source>
        <translation>Y（毫米）</translation>
    </message>
    <message>
        <source>Width (mm)</source>
        <translation>宽度（毫米）</translation>
    </message>
    <message>
        <source>Height (mm)</source>
        <translation>高度（毫米）</translation>
    </message>
    <message>
        <source>Rotation</source>
        <translation>旋转</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>锁定</translation>
    </message>
    <message>
        <source>Binding</source>
        <translation>绑定</translation>
    </message>
    <message>
        <source>Font size (pt)</source>
        <translation>字号（磅）</translation>
    </message>
    <message>
        <source>Bold</source>
        <translation>粗体</translation>
    </message>
    <message>
        <source>Alignment</source>
        <translation>对齐</translation>
    </message>
    <message>
        <source>Wrap lines</source>
        <translation>自动换行</translation>
    </message>
    <message>
        <source>Shrink to fit</source>
        <translation>缩小以适应</translation>
    </message>
    <message>
        <source>Symbology</source>
        <translation>码制</translation>
    </message>
    <message>
        <source>Barcode data</source>
        <translation>条码数据</translation>
    </message>
    <message>
        <source>Module width (mm)</source>
        <translation>模块宽度（毫米）</translation>
    </message>
    <message>
        <source>Human-readable text</source>
        <translation>可读文字</translation>
    </message>
    <message>
        <source>Text size (pt)</source>
        <translation>文字大小（磅）</translation>
    </message>
    <message>
        <source>Line width (mm)</source>
        <translation>线宽（毫米）</translation>
    </message>
    <message>
        <source>Filled</source>
        <translation>填充</translation>
    </message>
    <message>
        <source>Keep aspect ratio</source>
        <translation>保持宽高比</translation>
    </message>
    <message>
        <source>Rows from</source>
        <translation>行数据来源</translation>
    </message>
    <message>
        <source>Row height (mm)</source>
        <translation>行高（毫米）</translation>
    </message>
    <message>
        <source>Footer</source>
        <translation>页脚</translation>
    </message>
    <message>
        <source>Label width (mm)</source>
        <translation>标签宽度（毫米）</translation>
    </message>
    <message>
        <source>Label height (mm)</source>
        <translation>标签高度（毫米）</translation>
    </message>
    <message>
        <source>Printer resolution (dpi)</source>
        <translation>打印机分辨率（dpi）</translation>
    </message>
    <message>
        <source>Feed</source>
        <translation>进纸方向</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Copies per record</source>
        <translation>每条记录份数</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>as designed</source>
        <translation>按设计方向</translation>
    </message>
    <message>
        <source>turned 90° (landscape)</source>
        <translation>旋转 90°（横向）</translation>
    </message>
    <message>
        <source>label (one per record)</source>
        <translation>标签（每条记录一张）</translation>
    </message>
    <message>
        <source>document (pages per record)</source>
        <translation>单据（每条记录多页）</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>left</source>
        <translation>左</translation>
    </message>
    <message>
        <source>centre</source>
        <translation>居中</translation>
    </message>
    <message>
        <source>right</source>
        <translation>右</translation>
    </message>
    <message>
        <source>Bind the selected field</source>
        <translation>绑定所选字段</translation>
    </message>
    <message>
        <source>Align left edges</source>
        <translation>左边对齐</translation>
    </message>
    <message>
        <source>Align centres horizontally</source>
        <translation>水平居中对齐</translation>
    </message>
    <message>
        <source>Align right edges</source>
        <translation>右边对齐</translation>
    </message>
    <message>
        <source>Align top edges</source>
        <translation>顶边对齐</translation>
    </message>
    <message>
        <source>Align centres vertically</source>
        <translation>垂直居中对齐</translation>
    </message>
    <message>
        <source>Align bottom edges</source>
        <translation>底边对齐</translation>
    </message>
    <message>
        <source>Distribute horizontally</source>
        <translation>水平等距分布</translation>
    </message>
    <message>
        <source>Distribute vertically</source>
        <translation>垂直等距分布</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>published</source>
        <translation>已发布</translation>
    </message>
    <message>
        <source>superseded</source>
        <translation>已被取代</translation>
    </message>
    <message>
        <source>shipped</source>
        <translation>随附</translation>
    </message>
    <message>
        <source>new, not saved</source>
        <translation>新建，未保存</translation>
    </message>
    <message>
        <source>barcode modules of %1 mm are %2 dot(s) at %3 dpi; use at least %4 mm</source>
        <translation>条码模块 %1 毫米在 %3 dpi 下只有 %2 个点；请至少使用 %4 毫米</translation>
    </message>
    <message>
        <source>the text does not fit its box</source>
        <translation>文字超出了文本框</translation>
    </message>
    <message>
        <source>unknown field %1</source>
        <translation>未知字段 %1</translation>
    </message>
    <message>
        <source>outside the printable area (%1 mm from each edge)</source>
        <translation>超出可打印区域（距各边 %1 毫米）</translation>
    </message>
    <message>
        <source>cannot be laid out: %1</source>
        <translation>无法排版：%1</translation>
    </message>
</context>
<context>
    <name>DesignerScreen</name>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="vanished">打开</translation>
    </message>
    <message>
        <source>New…</source>
        <translation type="vanished">新建…</translation>
    </message>
    <message>
        <source>Duplicate…</source>
        <translation type="vanished">复制为新模板…</translation>
    </message>
    <message>
        <source>Save draft</source>
        <translation type="vanished">保存草稿</translation>
    </message>
    <message>
        <source>Publish</source>
        <translation type="vanished">发布</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation type="vanished">导入…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="vanished">导出…</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation type="vanished">版本</translation>
    </message>
    <message>
        <source>Open an earlier version; saving it makes it the draft again</source>
        <translation type="vanished">打开较早的版本；保存后它将重新成为草稿</translation>
    </message>
    <message>
        <source>Bring to front</source>
        <translation>置于顶层</translation>
    </message>
    <message>
        <source>Send to back</source>
        <translation>置于底层</translation>
    </message>
    <message>
        <source>Rotate 90°</source>
        <translation>旋转 90°</translation>
    </message>
    <message>
        <source>Lock / unlock</source>
        <translation>锁定 / 解锁</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Align</source>
        <translation>对齐</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Cut</source>
        <translation>剪切</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>粘贴</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>再制</translation>
    </message>
    <message>
        <source>Snap to grid</source>
        <translation>对齐网格</translation>
    </message>
    <message>
        <source>Guides</source>
        <translation>辅助线</translation>
    </message>
    <message>
        <source>Grid, element outlines and the printable area; off: only what prints</source>
        <translation>网格、元素轮廓和可打印区域；关闭后只显示打印内容</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适合窗口</translation>
    </message>
    <message>
        <source>Properties</source>
        <translation>属性</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>&lt;opened&gt;</source>
        <translation>&lt;打开时&gt;</translation>
    </message>
    <message>
        <source>Sample data of the template</source>
        <translation type="vanished">模板的示例数据</translation>
    </message>
    <message>
        <source>At the template&apos;s resolution</source>
        <translation type="vanished">按模板的分辨率</translation>
    </message>
    <message>
        <source>Print</source>
        <translation type="vanished">打印</translation>
    </message>
    <message>
        <source>Print the canvas as it is (with the preview record) on the chosen printer, after the warnings</source>
        <translation type="vanished">在所选打印机上按画布当前内容（使用预览记录）打印，先显示警告</translation>
    </message>
    <message>
        <source>A real %1</source>
        <translation type="vanished">真实的%1</translation>
    </message>
    <message>
        <source>The preview is rendered by the PNG printer backend at the printer&apos;s resolution: what will print.</source>
        <translation type="vanished">预览由 PNG 打印后端按打印机分辨率渲染：所见即所印。</translation>
    </message>
    <message>
        <source>table band</source>
        <translation>表格带</translation>
    </message>
    <message>
        <source>a template has at most one table band</source>
        <translation>一个模板最多只能有一个表格带</translation>
    </message>
    <message>
        <source>Add %1</source>
        <translation>添加 %1</translation>
    </message>
    <message>
        <source>Rotate</source>
        <translation>旋转</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Warnings (%1)</source>
        <translation>警告（%1）</translation>
    </message>
    <message>
        <source>— choose a record —</source>
        <translation type="vanished">— 选择一条记录 —</translation>
    </message>
    <message>
        <source>none in the database</source>
        <translation type="vanished">数据库中没有记录</translation>
    </message>
    <message>
        <source>For %1 (%2 dpi)</source>
        <translation type="vanished">用于 %1（%2 dpi）</translation>
    </message>
    <message>
        <source>v%1 · %2 · %3 %4</source>
        <translation type="vanished">v%1 · %2 · %3 %4</translation>
    </message>
    <message>
        <source>print job %1 queued on %2</source>
        <translation type="vanished">打印作业 %1 已排入 %2</translation>
    </message>
    <message>
        <source>unsaved changes</source>
        <translation type="vanished">有未保存的更改</translation>
    </message>
    <message>
        <source>Publish with warnings?</source>
        <translation type="vanished">存在警告，仍要发布吗？</translation>
    </message>
    <message>
        <source>Check these before printing:</source>
        <translation type="vanished">打印前请检查以下问题：</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation type="vanished">未保存的更改</translation>
    </message>
    <message>
        <source>The template on the canvas has changes that are not saved. Drop them?</source>
        <translation type="vanished">画布上的模板有未保存的更改。要放弃这些更改吗？</translation>
    </message>
    <message>
        <source>New template</source>
        <translation type="vanished">新建模板</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="vanished">名称：</translation>
    </message>
    <message>
        <source>Duplicate template</source>
        <translation type="vanished">复制模板</translation>
    </message>
    <message>
        <source>Name of the copy:</source>
        <translation type="vanished">副本名称：</translation>
    </message>
    <message>
        <source>Import template</source>
        <translation type="vanished">导入模板</translation>
    </message>
    <message>
        <source>Templates (*.json)</source>
        <translation type="vanished">模板 (*.json)</translation>
    </message>
    <message>
        <source>Export template</source>
        <translation type="vanished">导出模板</translation>
    </message>
</context>
<context>
    <name>DevicesScreen</name>
    <message>
        <source>Add serial or network scanner</source>
        <translation>添加串口或网络扫描枪</translation>
    </message>
    <message>
        <source>Add keyboard scanner</source>
        <translation>添加键盘扫描枪</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>还原</translation>
    </message>
    <message>
        <source>Test scan: type data, e.g. ]C1010950600013435210AB&lt;GS&gt;17261231</source>
        <translation>测试扫描：输入数据，例如 ]C1010950600013435210AB&lt;GS&gt;17261231</translation>
    </message>
    <message>
        <source>Send test scan</source>
        <translation>发送测试扫描</translation>
    </message>
    <message>
        <source>Scans on this station (newest first)</source>
        <translation>本工作站的扫描记录（最新在前）</translation>
    </message>
    <message>
        <source>keyboard</source>
        <translation>键盘</translation>
    </message>
    <message>
        <source>no port</source>
        <translation>未设置端口</translation>
    </message>
    <message>
        <source>(off)</source>
        <translation>（已停用）</translation>
    </message>
    <message>
        <source>Keyboard scanner</source>
        <translation>键盘扫描枪</translation>
    </message>
    <message>
        <source>Serial scanner</source>
        <translation>串口扫描枪</translation>
    </message>
    <message>
        <source>Enter the port or URL of {name}.</source>
        <translation>请输入 {name} 的端口或地址。</translation>
    </message>
    <message>
        <source>Keyboard scanners: listening</source>
        <translation>键盘扫描枪：监听中</translation>
    </message>
    <message>
        <source>No scanner is running.</source>
        <translation>没有运行中的扫描枪。</translation>
    </message>
    <message>
        <source>test box</source>
        <translation>测试框</translation>
    </message>
</context>
<context>
    <name>DocumentPrintBox</name>
    <message>
        <source>Pick list (pick task)</source>
        <translation>拣货单（拣货任务）</translation>
    </message>
    <message>
        <source>Count sheet (count task)</source>
        <translation>盘点表（盘点任务）</translation>
    </message>
    <message>
        <source>Receiving note (receive task)</source>
        <translation>收货单（收货任务）</translation>
    </message>
    <message>
        <source>Delivery note (outbound order)</source>
        <translation>送货单（出库订单）</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>单据</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>单据</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>Scan or type the task or order number</source>
        <translation>扫描或输入任务号或订单号</translation>
    </message>
    <message>
        <source>Print document</source>
        <translation>打印单据</translation>
    </message>
    <message>
        <source>Choose a printer and scan the number first.</source>
        <translation>请先选择打印机并扫描编号。</translation>
    </message>
    <message>
        <source>Job %1 queued.</source>
        <translation>作业 %1 已排队。</translation>
    </message>
</context>
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
    <message>
        <source>manage ERP sync problems</source>
        <translation>处理 ERP 同步问题</translation>
    </message>
    <message>
        <source>Sync message</source>
        <translation>同步消息</translation>
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
        <source>Lot {lot} of {item} is blocked and cannot become available</source>
        <translation>物料 {item} 的批次 {lot} 已冻结，不能转为可用</translation>
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
        <source>Barcode not understood: {reason}</source>
        <translation>条码无法识别：{reason}</translation>
    </message>
    <message>
        <source>Printer {printer} did not take the job: {reason}</source>
        <translation>打印机 {printer} 未接收任务：{reason}</translation>
    </message>
    <message>
        <source>A {width} mm label does not fit the {profile} printer ({printable} mm printable)</source>
        <translation>{width} mm 的标签放不进 {profile} 打印机（可打印宽度 {printable} mm）</translation>
    </message>
    <message>
        <source>No label font found (tried {tried}); install fonts-wqy-microhei or set WARELINK_LABEL_FONT to a TrueType font that covers Chinese</source>
        <translation>找不到标签字体（已尝试 {tried}）；请安装 fonts-wqy-microhei，或将 WARELINK_LABEL_FONT 设为包含中文的 TrueType 字体</translation>
    </message>
    <message>
        <source>Invalid placeholder at column {column} of {text!r}: {reason}</source>
        <translation>占位符 {text!r} 第 {column} 列无效：{reason}</translation>
    </message>
    <message>
        <source>Field {path!r} has no value in the record (placeholder {text!r})</source>
        <translation>记录中字段 {path!r} 没有值（占位符 {text!r}）</translation>
    </message>
    <message>
        <source>Barcode {element!r} ({symbology}) cannot encode {data!r}: {reason}</source>
        <translation>条码 {element!r}（{symbology}）无法编码 {data!r}：{reason}</translation>
    </message>
    <message>
        <source>{order} cannot be cancelled: {reason}</source>
        <translation>{order} 不能取消：{reason}</translation>
    </message>
    <message>
        <source>Discrepancy {line} is already resolved ({state})</source>
        <translation>差异 {line} 已处理（{state}）</translation>
    </message>
    <message>
        <source>Nothing in {bin} is waiting to be put away</source>
        <translation>库位 {bin} 中没有待上架的货物</translation>
    </message>
    <message>
        <source>Another station took some of the allocated stock meanwhile; allocate again</source>
        <translation>其他工作站已取走部分已分配库存，请重新分配</translation>
    </message>
    <message>
        <source>{kind} {key} is {current}: it cannot become {target}</source>
        <translation>{kind} {key} 当前为 {current}，不能变为 {target}</translation>
    </message>
    <message>
        <source>{kind} {key} is already {state}; nothing more can be done on it</source>
        <translation>{kind} {key} 已是 {state}，不能再操作</translation>
    </message>
    <message>
        <source>Line {line} of {task} is already {state}</source>
        <translation>{task} 的第 {line} 行已是 {state}</translation>
    </message>
    <message>
        <source>{order} line {line}: receiving {qty} would make {total} of {expected} expected, more than the {pct}% tolerance; a supervisor may override</source>
        <translation>{order} 第 {line} 行：再收 {qty} 将达到 {total}（预期 {expected}），超过 {pct}% 容差；可由主管批准超收</translation>
    </message>
    <message>
        <source>{order} line {line}: {received} of {expected} received, short beyond the {pct}% tolerance; a supervisor may close it anyway</source>
        <translation>{order} 第 {line} 行：已收 {received}（预期 {expected}），短收超过 {pct}% 容差；可由主管强制关闭</translation>
    </message>
    <message>
        <source>Task {task} still has {count} open line(s); confirm or close them short first</source>
        <translation>任务 {task} 还有 {count} 行未完成；请先确认或短拣关闭</translation>
    </message>
    <message>
        <source>Line {line} of {task} has {remaining} left to do; {qty} is too much</source>
        <translation>{task} 的第 {line} 行只剩 {remaining}；{qty} 太多</translation>
    </message>
    <message>
        <source>{db} already holds {what}; demo data goes into an empty database only (give a new one with --db, e.g. --db sqlite:///warelink-demo.db)</source>
        <translation>{db} 已有{what}；演示数据只能载入空数据库（请用 --db 指定新库，例如 --db sqlite:///warelink-demo.db）</translation>
    </message>
    <message>
        <source>Template {template!r}: {reason}</source>
        <translation>模板 {template!r}：{reason}</translation>
    </message>
    <message>
        <source>Cannot read template file: {reason}</source>
        <translation>无法读取模板文件：{reason}</translation>
    </message>
    <message>
        <source>Count {task} was already approved</source>
        <translation>盘点 {task} 已审批</translation>
    </message>
    <message>
        <source>{user} counted in {task}; another supervisor must approve it</source>
        <translation>{user} 参与了盘点 {task}，须由另一位主管审批</translation>
    </message>
    <message>
        <source>{task}: {missing} of the counted loss in bin {bin} is reserved for picking; unpick or cancel those picks first</source>
        <translation>{task}：库位 {bin} 的盘亏中有 {missing} 已预留拣货；请先撤销或取消这些拣货</translation>
    </message>
    <message>
        <source>Wrong {what}: scanned {scanned}, expected {expected}</source>
        <translation>{what}错误：扫描到 {scanned}，应为 {expected}</translation>
    </message>
    <message>
        <source>{item}{lot_text} is not expected on {order}</source>
        <translation>{order} 中没有预期 {item}{lot_text}</translation>
    </message>
    <message>
        <source>No stock could be allocated for {orders}</source>
        <translation>无法为 {orders} 分配库存</translation>
    </message>
    <message>
        <source>Barcode not understood: AI ({ai}) {title}: {reason}</source>
        <translation>条码无法识别：AI ({ai}) {title}：{reason}</translation>
    </message>
    <message>
        <source>Another station changed the same data at the same time; please retry</source>
        <translation>另一个工作站同时修改了相同的数据，请重试</translation>
    </message>
    <message>
        <source>Package {sscc} has shipped; it cannot be unpacked</source>
        <translation>包裹 {sscc} 已发运，不能拆包</translation>
    </message>
    <message>
        <source>Sync message {message} is {state}, not waiting in the error inbox</source>
        <translation>同步消息 {message} 的状态为 {state}，不在错误收件箱中</translation>
    </message>
    <message>
        <source>Lot {lot} of {item} is blocked (recalled); it cannot be picked</source>
        <translation>{item} 的批次 {lot} 已冻结（召回），不能拣货</translation>
    </message>
</context>
<context>
    <name>EditableRows</name>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>EditorPanel</name>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>还原</translation>
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
    <name>FileActions</name>
    <message>
        <source>Import from a file</source>
        <translation>从文件导入</translation>
    </message>
    <message>
        <source>Export to a file</source>
        <translation>导出到文件</translation>
    </message>
    <message>
        <source>Importing {file}…</source>
        <translation>正在导入 {file}…</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Exported to {file} (rows: {n}).</source>
        <translation>已导出到 {file}（行数：{n}）。</translation>
    </message>
    <message>
        <source>Import: {created} created, {updated} updated, {failed} refused.</source>
        <translation>导入：新建 {created}，更新 {updated}，拒绝 {failed}。</translation>
    </message>
    <message>
        <source>Import cancelled; the rows before were saved.</source>
        <translation>导入已取消；之前的行已保存。</translation>
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
    <name>ImportReportDialog</name>
    <message>
        <source>Import finished</source>
        <translation>导入完成</translation>
    </message>
    <message>
        <source>Created: {created}   Updated: {updated}   Rows refused: {failed}</source>
        <translation>新建：{created}   更新：{updated}   拒绝的行：{failed}</translation>
    </message>
    <message>
        <source>Columns ignored (unknown): {names}</source>
        <translation>已忽略的列（无法识别）：{names}</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
</context>
<context>
    <name>InspectionScreen</name>
    <message>
        <source>damaged, in place</source>
        <translation>原地标记为损坏</translation>
    </message>
    <message>
        <source>to the return-to-supplier bin</source>
        <translation>移至退供应商库位</translation>
    </message>
    <message>
        <source>Scan an inspection task</source>
        <translation>扫描质检任务</translation>
    </message>
    <message>
        <source>Quality inspection</source>
        <translation>质量检验</translation>
    </message>
    <message>
        <source>Failed quantity (partial)</source>
        <translation>不合格数量（部分合格）</translation>
    </message>
    <message>
        <source>Failed units go</source>
        <translation>不合格品去向</translation>
    </message>
    <message>
        <source>Return-to-supplier bin</source>
        <translation>退供应商库位</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>&amp;Pass: release</source>
        <translation>合格：放行(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Fail</source>
        <translation>不合格(&amp;F)</translation>
    </message>
    <message>
        <source>P&amp;artial</source>
        <translation>部分合格(&amp;A)</translation>
    </message>
    <message>
        <source>Attach a photo…</source>
        <translation>附加照片…</translation>
    </message>
    <message>
        <source>{count} line(s) to inspect: Pass (Alt+P), Fail (Alt+F) or Partial (Alt+A)</source>
        <translation>待检 {count} 行：合格 (Alt+P)、不合格 (Alt+F) 或部分合格 (Alt+A)</translation>
    </message>
    <message>
        <source>{task} is done. Scan the next inspection task</source>
        <translation>{task} 已完成。请扫描下一个质检任务</translation>
    </message>
    <message>
        <source>Failed units go to {bin}</source>
        <translation>不合格品移至 {bin}</translation>
    </message>
    <message>
        <source>{code} is not an inspection task</source>
        <translation>{code} 不是质检任务</translation>
    </message>
    <message>
        <source>Nothing to inspect: scan an inspection task</source>
        <translation>没有待检内容：请扫描质检任务</translation>
    </message>
    <message>
        <source>Inspection recorded: {result}</source>
        <translation>质检已记录：{result}</translation>
    </message>
    <message>
        <source>Photo for the inspection</source>
        <translation>质检照片</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png);;All files (*)</source>
        <translation>图片 (*.jpg *.jpeg *.png);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Photo {name} attached</source>
        <translation>照片 {name} 已附加</translation>
    </message>
</context>
<context>
    <name>ItemForm</name>
    <message>
        <source>Item {code}</source>
        <translation>物料 {code}</translation>
    </message>
    <message>
        <source>New item</source>
        <translation>新建物料</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Specification</source>
        <translation>规格</translation>
    </message>
    <message>
        <source>Base unit</source>
        <translation>基本单位</translation>
    </message>
    <message>
        <source>Removal strategy</source>
        <translation>出库策略</translation>
    </message>
    <message>
        <source>ABC class</source>
        <translation>ABC 分类</translation>
    </message>
    <message>
        <source>Shelf life</source>
        <translation>保质期</translation>
    </message>
    <message>
        <source>Minimum stock</source>
        <translation>最低库存</translation>
    </message>
    <message>
        <source>Maximum stock</source>
        <translation>最高库存</translation>
    </message>
    <message>
        <source>Product line</source>
        <translation>产品线</translation>
    </message>
    <message>
        <source>Standard cost</source>
        <translation>标准成本</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Lot tracked</source>
        <translation>批次管理</translation>
    </message>
    <message>
        <source>Serial tracked</source>
        <translation>序列号管理</translation>
    </message>
    <message>
        <source>Requires inspection</source>
        <translation>需要来料质检</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Barcodes</source>
        <translation>条码</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Pack units</source>
        <translation>包装单位</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Base units</source>
        <translation>基本单位数量</translation>
    </message>
</context>
<context>
    <name>ItemPage</name>
    <message>
        <source>Item</source>
        <translation>物料</translation>
    </message>
    <message>
        <source>Available to promise</source>
        <translation>可承诺数量</translation>
    </message>
    <message>
        <source>On hand by status</source>
        <translation>按状态的在库数量</translation>
    </message>
    <message>
        <source>Movement history (newest first)</source>
        <translation>库存流水（最新在前）</translation>
    </message>
</context>
<context>
    <name>ItemsScreen</name>
    <message>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Specification</source>
        <translation>规格</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Lots</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Serials</source>
        <translation>序列号</translation>
    </message>
    <message>
        <source>Shelf life</source>
        <translation>保质期</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>策略</translation>
    </message>
    <message>
        <source>ABC</source>
        <translation>ABC</translation>
    </message>
    <message>
        <source>Product line</source>
        <translation>产品线</translation>
    </message>
    <message>
        <source>Standard cost</source>
        <translation>标准成本</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Search code, name or barcode</source>
        <translation>搜索编码、名称或条码</translation>
    </message>
    <message>
        <source>Active only</source>
        <translation>仅启用</translation>
    </message>
    <message>
        <source>New item</source>
        <translation>新建物料</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Saved item {code}.</source>
        <translation>已保存物料 {code}。</translation>
    </message>
</context>
<context>
    <name>ListScreen</name>
    <message>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <source>Rows: {n}</source>
        <translation>行数：{n}</translation>
    </message>
</context>
<context>
    <name>LocationsScreen</name>
    <message>
        <source>Warehouse</source>
        <translation>仓库</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Zones</source>
        <translation>库区</translation>
    </message>
    <message>
        <source>Bins</source>
        <translation>库位</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Zone</source>
        <translation>库区</translation>
    </message>
    <message>
        <source>Warehouse {code}</source>
        <translation>仓库 {code}</translation>
    </message>
    <message>
        <source>New warehouse</source>
        <translation>新建仓库</translation>
    </message>
    <message>
        <source>Zone {code}</source>
        <translation>库区 {code}</translation>
    </message>
    <message>
        <source>New zone</source>
        <translation>新建库区</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Warehouses</source>
        <translation>仓库</translation>
    </message>
    <message>
        <source>Zones of {code}</source>
        <translation>{code} 的库区</translation>
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
    <name>LotForm</name>
    <message>
        <source>Lot</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Item / lot</source>
        <translation>物料 / 批次</translation>
    </message>
    <message>
        <source>Expiry date</source>
        <translation>有效期</translation>
    </message>
    <message>
        <source>Production date</source>
        <translation>生产日期</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>LotStatus</name>
    <message>
        <source>Released</source>
        <translation>已放行</translation>
    </message>
    <message>
        <source>Quarantine</source>
        <translation>待检</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>冻结</translation>
    </message>
</context>
<context>
    <name>LotsScreen</name>
    <message>
        <source>Item</source>
        <translation>物料</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation>有效期</translation>
    </message>
    <message>
        <source>Produced</source>
        <translation>生产日期</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation>在库</translation>
    </message>
    <message>
        <source>Item code</source>
        <translation>物料编码</translation>
    </message>
    <message>
        <source>Lot number</source>
        <translation>批次号</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Expires before</source>
        <translation>有效期早于</translation>
    </message>
    <message>
        <source>Expired only</source>
        <translation>仅已过期</translation>
    </message>
    <message>
        <source>Saved lot {lot}.</source>
        <translation>已保存批次 {lot}。</translation>
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
    <name>MoveReason</name>
    <message>
        <source>Receipt</source>
        <translation>收货</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>移库</translation>
    </message>
    <message>
        <source>Status change</source>
        <translation>状态变更</translation>
    </message>
    <message>
        <source>Issue</source>
        <translation>出库</translation>
    </message>
    <message>
        <source>Adjustment gain</source>
        <translation>盘盈调整</translation>
    </message>
    <message>
        <source>Adjustment loss</source>
        <translation>盘亏调整</translation>
    </message>
    <message>
        <source>Scrap</source>
        <translation>报废</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>退货</translation>
    </message>
</context>
<context>
    <name>MoveScreen</name>
    <message>
        <source>Bin-to-bin move</source>
        <translation>库位间移库</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Scan the bin to move from (or a move task)</source>
        <translation>扫描来源库位（或移库任务）</translation>
    </message>
    <message>
        <source>Scan the target bin for {qty} × {item} from {source}</source>
        <translation>为来自 {source} 的 {qty} × {item} 扫描目标库位</translation>
    </message>
    <message>
        <source>From {bin}</source>
        <translation>来源 {bin}</translation>
    </message>
    <message>
        <source>Scan the item to move from {bin}</source>
        <translation>扫描要从 {bin} 移出的物料</translation>
    </message>
    <message>
        <source>{item} {lot}</source>
        <translation>{item} {lot}</translation>
    </message>
    <message>
        <source>Move how many {item}? (Enter)</source>
        <translation>移动多少 {item}？（回车确认）</translation>
    </message>
    <message>
        <source>{code}: expected a bin, an item or a move task</source>
        <translation>{code}：应扫描库位、物料或移库任务</translation>
    </message>
    <message>
        <source>Scan the source bin and the item first</source>
        <translation>请先扫描来源库位和物料</translation>
    </message>
    <message>
        <source>Move {task}: units reserved</source>
        <translation>移库任务 {task}：已预留库存</translation>
    </message>
    <message>
        <source>Moved {qty} × {item} to {bin}</source>
        <translation>已将 {qty} × {item} 移至 {bin}</translation>
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
        <source>Warehouses and zones</source>
        <translation>仓库和库区</translation>
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
    <message>
        <source>Label designer</source>
        <translation>标签设计器</translation>
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
    <name>OrderEntryScreen</name>
    <message>
        <source>Inbound (from a supplier)</source>
        <translation>入库（来自供应商）</translation>
    </message>
    <message>
        <source>Outbound (to a customer)</source>
        <translation>出库（发往客户）</translation>
    </message>
    <message>
        <source>Scan the items of the order; Enter creates it</source>
        <translation>扫描单据的物料；回车创建单据</translation>
    </message>
    <message>
        <source>New order</source>
        <translation>新建单据</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Warehouse</source>
        <translation>仓库</translation>
    </message>
    <message>
        <source>Supplier or customer</source>
        <translation>供应商或客户</translation>
    </message>
    <message>
        <source>Quantity of the last line</source>
        <translation>最后一行的数量</translation>
    </message>
    <message>
        <source>why the order is cancelled</source>
        <translation>取消订单的原因</translation>
    </message>
    <message>
        <source>Cancel order</source>
        <translation>取消订单</translation>
    </message>
    <message>
        <source>Order to cancel: scan it</source>
        <translation>要取消的订单：请扫描</translation>
    </message>
    <message>
        <source>Order to cancel: {order}</source>
        <translation>要取消的订单：{order}</translation>
    </message>
    <message>
        <source>{order} ({partner}): type why it is cancelled</source>
        <translation>{order}（{partner}）：请输入取消原因</translation>
    </message>
    <message>
        <source>{code} is not an item</source>
        <translation>{code} 不是物料</translation>
    </message>
    <message>
        <source>{item}: {qty}</source>
        <translation>{item}：{qty}</translation>
    </message>
    <message>
        <source>Scan at least one item</source>
        <translation>请至少扫描一个物料</translation>
    </message>
    <message>
        <source>Order {order} created</source>
        <translation>单据 {order} 已创建</translation>
    </message>
    <message>
        <source>Scan the order to cancel first</source>
        <translation>请先扫描要取消的订单</translation>
    </message>
    <message>
        <source>Order {order} cancelled: {tasks} task(s) cancelled, {moves} picked line(s) put back</source>
        <translation>订单 {order} 已取消：取消 {tasks} 个任务，{moves} 个已拣行放回原库位</translation>
    </message>
</context>
<context>
    <name>PickingScreen</name>
    <message>
        <source>bin</source>
        <translation>库位</translation>
    </message>
    <message>
        <source>item</source>
        <translation>物料</translation>
    </message>
    <message>
        <source>lot</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>serial</source>
        <translation>序列号</translation>
    </message>
    <message>
        <source>not found in bin</source>
        <translation>库位中未找到</translation>
    </message>
    <message>
        <source>damaged</source>
        <translation>损坏</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>wrong item in bin</source>
        <translation>库位中物料不符</translation>
    </message>
    <message>
        <source>Scan a pick task, or an outbound order to allocate</source>
        <translation>扫描拣货任务，或扫描出库单进行分配</translation>
    </message>
    <message>
        <source>Picking</source>
        <translation>拣货</translation>
    </message>
    <message>
        <source>Staging bin</source>
        <translation>暂存库位</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Short reason</source>
        <translation>短拣原因</translation>
    </message>
    <message>
        <source>scan a staging bin before allocating</source>
        <translation>分配前请扫描暂存库位</translation>
    </message>
    <message>
        <source>Short pick: only the quantity above was there</source>
        <translation>短拣：实际只有上面的数量</translation>
    </message>
    <message>
        <source>Unpick the selected line (quantity above)</source>
        <translation>撤销所选行的拣货（上面的数量）</translation>
    </message>
    <message>
        <source>Wave: collect several orders, Enter allocates them</source>
        <translation>波次：收集多个订单，回车分配</translation>
    </message>
    <message>
        <source>{task} is picked. Scan the next task</source>
        <translation>{task} 已拣完。请扫描下一个任务</translation>
    </message>
    <message>
        <source>Scan bin {bin}</source>
        <translation>扫描库位 {bin}</translation>
    </message>
    <message>
        <source>Scan item {item} ({qty})</source>
        <translation>扫描物料 {item}（{qty}）</translation>
    </message>
    <message>
        <source>Scan lot {lot}</source>
        <translation>扫描批次 {lot}</translation>
    </message>
    <message>
        <source>Scan serial {serial}</source>
        <translation>扫描序列号 {serial}</translation>
    </message>
    <message>
        <source>Wave: {orders}</source>
        <translation>波次：{orders}</translation>
    </message>
    <message>
        <source>Scan more orders, or press Enter to allocate the wave</source>
        <translation>继续扫描订单，或按回车分配波次</translation>
    </message>
    <message>
        <source>Staging at {bin}</source>
        <translation>暂存于 {bin}</translation>
    </message>
    <message>
        <source>{code}: scan a pick task or an outbound order first</source>
        <translation>{code}：请先扫描拣货任务或出库单</translation>
    </message>
    <message>
        <source>Wrong scan: {code}; expected {what} {expected}</source>
        <translation>扫描错误：{code}；应为{what} {expected}</translation>
    </message>
    <message>
        <source>OK: {what} {code}</source>
        <translation>正确：{what} {code}</translation>
    </message>
    <message>
        <source>Pick task {task}: {lines} line(s); short: {short}</source>
        <translation>拣货任务 {task}：{lines} 行；缺货：{short}</translation>
    </message>
    <message>
        <source>Picked {qty} × {item} from {bin}</source>
        <translation>已从 {bin} 拣取 {qty} × {item}</translation>
    </message>
    <message>
        <source>Short pick: {missing} missing, backorder {order}; count {count} will check {bin}</source>
        <translation>短拣：缺 {missing}，欠货单 {order}；盘点 {count} 将核查 {bin}</translation>
    </message>
    <message>
        <source>Short pick: {missing} missing, backorder {order}</source>
        <translation type="vanished">短拣：缺 {missing}，欠货单 {order}</translation>
    </message>
    <message>
        <source>Select a picked line and type the quantity to put back</source>
        <translation>请选择已拣货的行并输入退回数量</translation>
    </message>
    <message>
        <source>Put {qty} × {item} back into {bin}</source>
        <translation>已将 {qty} × {item} 放回 {bin}</translation>
    </message>
</context>
<context>
    <name>Placeholder</name>
    <message>
        <source>browse stock by item, bin and lot, with availability, history and traceability.</source>
        <translation type="vanished">按物料、库位和批次浏览库存，包括可用量、历史记录和追溯。</translation>
    </message>
    <message>
        <source>create and edit items, their units, barcodes and tracking.</source>
        <translation type="vanished">创建和编辑物料及其单位、条码和追踪方式。</translation>
    </message>
    <message>
        <source>manage bins: capacity, type, blocking and labels.</source>
        <translation type="vanished">管理库位：容量、类型、冻结和标签。</translation>
    </message>
    <message>
        <source>lots and serial numbers with expiry dates and status.</source>
        <translation type="vanished">批次和序列号，包括有效期和状态。</translation>
    </message>
    <message>
        <source>guided receiving, putaway, picking, cycle counts and moves.</source>
        <translation type="vanished">引导式收货、上架、拣货、循环盘点和移库。</translation>
    </message>
    <message>
        <source>label templates, the label designer and the print queue.</source>
        <translation type="vanished">标签打印模板、标签设计器和打印队列。</translation>
    </message>
    <message>
        <source>this station&apos;s scanners and label printers.</source>
        <translation type="vanished">本工作站的扫描枪和标签打印机。</translation>
    </message>
    <message>
        <source>the ERP outbox, the error inbox and reconciliation.</source>
        <translation type="vanished">ERP 待发送队列、同步异常收件箱和对账。</translation>
    </message>
    <message>
        <source>inventory accuracy, on-time dispatch and turnover days.</source>
        <translation type="vanished">库存准确率、订单准时交付率和库存周转天数。</translation>
    </message>
    <message>
        <source>users and roles, warehouses and zones.</source>
        <translation type="vanished">用户和角色、仓库和库区。</translation>
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
    <name>PreviewPane</name>
    <message>
        <source>Sample data of the template</source>
        <translation>模板的示例数据</translation>
    </message>
    <message>
        <source>A real %1</source>
        <translation>真实的%1</translation>
    </message>
    <message>
        <source>The preview is rendered by the PNG printer backend at the printer&apos;s resolution: what will print.</source>
        <translation>预览由 PNG 打印后端按打印机分辨率渲染：所见即所印。</translation>
    </message>
    <message>
        <source>— choose a record —</source>
        <translation>— 选择一条记录 —</translation>
    </message>
    <message>
        <source>none in the database</source>
        <translation>数据库中没有记录</translation>
    </message>
</context>
<context>
    <name>PrinterDialog</name>
    <message>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <source>(default printer)</source>
        <translation>（默认打印机）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>System printer</source>
        <translation>系统打印机</translation>
    </message>
    <message>
        <source>Connection (JSON)</source>
        <translation>连接（JSON）</translation>
    </message>
    <message>
        <source>ESC/POS profile</source>
        <translation>ESC/POS 型号配置</translation>
    </message>
    <message>
        <source>DPI</source>
        <translation>分辨率（DPI）</translation>
    </message>
    <message>
        <source>The connection must be a JSON object.</source>
        <translation>连接必须是一个 JSON 对象。</translation>
    </message>
    <message>
        <source>A printer needs a name.</source>
        <translation>打印机需要名称。</translation>
    </message>
</context>
<context>
    <name>PrintingScreen</name>
    <message>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>sending</source>
        <translation>发送中</translation>
    </message>
    <message>
        <source>printed</source>
        <translation>已打印</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>作业</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>标签数</translation>
    </message>
    <message>
        <source>Copies</source>
        <translation>份数</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>By</source>
        <translation>创建人</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>最近错误</translation>
    </message>
    <message>
        <source>Print queue</source>
        <translation>打印队列</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>重新打印</translation>
    </message>
    <message>
        <source>Cancel job</source>
        <translation>取消作业</translation>
    </message>
    <message>
        <source>Move to printer</source>
        <translation>移至打印机</translation>
    </message>
    <message>
        <source>Printers</source>
        <translation>打印机</translation>
    </message>
    <message>
        <source>Test page</source>
        <translation>测试页</translation>
    </message>
    <message>
        <source>Check online</source>
        <translation>检查在线</translation>
    </message>
    <message>
        <source>Add printer…</source>
        <translation>添加打印机…</translation>
    </message>
    <message>
        <source>Edit printer…</source>
        <translation>编辑打印机…</translation>
    </message>
    <message>
        <source>Set up station…</source>
        <translation>设置工位…</translation>
    </message>
    <message>
        <source>Station mode</source>
        <translation>工位模式</translation>
    </message>
    <message>
        <source>Station:</source>
        <translation>工位：</translation>
    </message>
    <message>
        <source>Scan an item, lot or bin to print its label:</source>
        <translation>扫描物料、批次或库位以打印其标签：</translation>
    </message>
    <message>
        <source>Scan or type a code</source>
        <translation>扫描或输入编码</translation>
    </message>
    <message>
        <source>Print label</source>
        <translation>打印标签</translation>
    </message>
    <message>
        <source>All bin labels of a zone or aisle:</source>
        <translation>某库区或巷道的全部库位标签：</translation>
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
        <source>Aisle (bin code prefix)</source>
        <translation>巷道（库位编码前缀）</translation>
    </message>
    <message>
        <source>Print bin labels</source>
        <translation>打印库位标签</translation>
    </message>
    <message>
        <source>Labels for everything received on an inbound order:</source>
        <translation>入库单已收货物的全部标签：</translation>
    </message>
    <message>
        <source>Inbound order number</source>
        <translation>入库单号</translation>
    </message>
    <message>
        <source>Print received labels</source>
        <translation>打印收货标签</translation>
    </message>
    <message>
        <source>One label per received unit</source>
        <translation>每个收货单位一张标签</translation>
    </message>
    <message>
        <source>Job %1 queued.</source>
        <translation>作业 %1 已加入队列。</translation>
    </message>
    <message>
        <source>Test page sent to %1.</source>
        <translation>测试页已发送到 %1。</translation>
    </message>
    <message>
        <source>%1 is online.</source>
        <translation>%1 在线。</translation>
    </message>
    <message>
        <source>%1 is offline.</source>
        <translation>%1 离线。</translation>
    </message>
    <message>
        <source>Choose a print station first.</source>
        <translation>请先选择打印工位。</translation>
    </message>
    <message>
        <source>Choose a station and a warehouse first.</source>
        <translation>请先选择工位和仓库。</translation>
    </message>
    <message>
        <source>Choose a station and an inbound order first.</source>
        <translation>请先选择工位和入库单。</translation>
    </message>
</context>
<context>
    <name>PropertyPanel</name>
    <message>
        <source>Change label setup</source>
        <translation>更改标签设置</translation>
    </message>
    <message>
        <source>Change %1</source>
        <translation>更改%1</translation>
    </message>
    <message>
        <source>Add column</source>
        <translation>添加列</translation>
    </message>
    <message>
        <source>Remove column</source>
        <translation>删除列</translation>
    </message>
    <message>
        <source>Choose picture…</source>
        <translation>选择图片…</translation>
    </message>
    <message>
        <source>Data fields</source>
        <translation>数据字段</translation>
    </message>
    <message>
        <source>Puts the field into the selected element&apos;s binding or barcode data (double-click does the same)</source>
        <translation>将字段填入所选元素的绑定或条码数据（双击效果相同）</translation>
    </message>
    <message>
        <source>Label %1</source>
        <translation>标签 %1</translation>
    </message>
    <message>
        <source>Element %1</source>
        <translation>元素 %1</translation>
    </message>
    <message>
        <source>%1 elements selected</source>
        <translation>已选择 %1 个元素</translation>
    </message>
    <message>
        <source>Choose picture</source>
        <translation>选择图片</translation>
    </message>
    <message>
        <source>Pictures (*.png *.jpg *.jpeg *.bmp *.gif)</source>
        <translation>图片 (*.png *.jpg *.jpeg *.bmp *.gif)</translation>
    </message>
    <message>
        <source>picture</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>Change picture</source>
        <translation>更改图片</translation>
    </message>
    <message>
        <source>Change columns</source>
        <translation>更改列</translation>
    </message>
    <message>
        <source>Bind %1</source>
        <translation>绑定 %1</translation>
    </message>
</context>
<context>
    <name>PutawayScreen</name>
    <message>
        <source>Putaway</source>
        <translation>上架</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>default: the rest of the line</source>
        <translation>默认：该行剩余数量</translation>
    </message>
    <message>
        <source>Scan the receiving bin to put away from, or a putaway task</source>
        <translation>扫描要上架的收货库位，或上架任务</translation>
    </message>
    <message>
        <source>{task} is done. Scan the next receiving bin</source>
        <translation>{task} 已完成。请扫描下一个收货库位</translation>
    </message>
    <message>
        <source>Line {line}: {qty} × {item} {lot} from {source}</source>
        <translation>第 {line} 行：{qty} × {item} {lot}，来自 {source}</translation>
    </message>
    <message>
        <source>Scan bin {bin} (suggested) to put away {item}</source>
        <translation>扫描库位 {bin}（建议）上架 {item}</translation>
    </message>
    <message>
        <source>No bin suggested: scan a storage bin for {item}</source>
        <translation>无建议库位：请为 {item} 扫描存储库位</translation>
    </message>
    <message>
        <source>{code} is not a bin or a putaway task</source>
        <translation>{code} 不是库位或上架任务</translation>
    </message>
    <message>
        <source>Putaway task {task} from {bin}</source>
        <translation>上架任务 {task}，来自 {bin}</translation>
    </message>
    <message>
        <source>Put {qty} × {item} into {bin} instead of {suggested}</source>
        <translation>已将 {qty} × {item} 放入 {bin}（而非建议的 {suggested}）</translation>
    </message>
    <message>
        <source>Put {qty} × {item} into {bin}</source>
        <translation>已将 {qty} × {item} 放入 {bin}</translation>
    </message>
</context>
<context>
    <name>RecallScreen</name>
    <message>
        <source>Scan the item with its lot (GS1), or the lot label</source>
        <translation>扫描带批次的物料条码（GS1），或批次标签</translation>
    </message>
    <message>
        <source>Lot status: block or release a lot everywhere</source>
        <translation>批次状态：在所有库位冻结或解冻批次</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>物料</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Block the lot everywhere</source>
        <translation>在所有库位冻结该批次</translation>
    </message>
    <message>
        <source>Release the lot</source>
        <translation>解冻该批次</translation>
    </message>
    <message>
        <source>{code} is not an item or a lot</source>
        <translation>{code} 不是物料或批次</translation>
    </message>
    <message>
        <source>{item} lot {lot}</source>
        <translation>{item} 批次 {lot}</translation>
    </message>
    <message>
        <source>Give the reason, then block or release {item} lot {lot}</source>
        <translation>填写原因，然后冻结或解冻 {item} 批次 {lot}</translation>
    </message>
    <message>
        <source>Scan the item and its lot first</source>
        <translation>请先扫描物料及其批次</translation>
    </message>
    <message>
        <source>Lot {lot} blocked: {moved} unit(s); {held} still reserved for picks</source>
        <translation>批次 {lot} 已冻结：{moved} 件；{held} 件仍被拣货预留</translation>
    </message>
    <message>
        <source>Lot {lot} released: {moved} unit(s)</source>
        <translation>批次 {lot} 已解冻：{moved} 件</translation>
    </message>
</context>
<context>
    <name>ReceivingScreen</name>
    <message>
        <source>Inbound order</source>
        <translation>入库单</translation>
    </message>
    <message>
        <source>Receiving bin</source>
        <translation>收货库位</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>物料</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Expiry (YYYY-MM-DD)</source>
        <translation>有效期（YYYY-MM-DD）</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Serials</source>
        <translation>序列号</translation>
    </message>
    <message>
        <source>none: blind receipt</source>
        <translation>无：盲收</translation>
    </message>
    <message>
        <source>default: the first receiving bin</source>
        <translation>默认：第一个收货库位</translation>
    </message>
    <message>
        <source>serial-tracked items: one per unit, comma separated</source>
        <translation>序列号管理的物料：每件一个，逗号分隔</translation>
    </message>
    <message>
        <source>Supervisor override of the receipt tolerance</source>
        <translation>主管超收容差放行</translation>
    </message>
    <message>
        <source>Confirm receipt (Enter)</source>
        <translation>确认收货（回车）</translation>
    </message>
    <message>
        <source>Close the order (or a blind receipt): nothing more will come</source>
        <translation>关闭入库单（或盲收任务）：不再到货</translation>
    </message>
    <message>
        <source>Receiving</source>
        <translation>收货</translation>
    </message>
    <message>
        <source>Scan an inbound order, or a receiving bin for a blind receipt</source>
        <translation>扫描入库单，或扫描收货库位进行盲收</translation>
    </message>
    <message>
        <source>Scan an item for {where}</source>
        <translation>为 {where} 扫描物料</translation>
    </message>
    <message>
        <source>Order {order} from {supplier}</source>
        <translation>入库单 {order}，供应商 {supplier}</translation>
    </message>
    <message>
        <source>Receiving into {bin}</source>
        <translation>收货至 {bin}</translation>
    </message>
    <message>
        <source>{code} is not an order, a receiving bin or an item</source>
        <translation>{code} 不是单据、收货库位或物料</translation>
    </message>
    <message>
        <source>Item {item}: check lot, expiry and quantity</source>
        <translation>物料 {item}：请核对批次、有效期和数量</translation>
    </message>
    <message>
        <source>Confirm {qty} × {item} with Enter, or correct it</source>
        <translation>回车确认 {qty} × {item}，或进行修改</translation>
    </message>
    <message>
        <source>Scan an item first</source>
        <translation>请先扫描物料</translation>
    </message>
    <message>
        <source>The expiry date must read YYYY-MM-DD</source>
        <translation>有效期格式应为 YYYY-MM-DD</translation>
    </message>
    <message>
        <source>Received {qty} × {item} into quarantine; inspection {task}</source>
        <translation>已收货 {qty} × {item} 至待检区；质检任务 {task}</translation>
    </message>
    <message>
        <source>Received {qty} × {item}</source>
        <translation>已收货 {qty} × {item}</translation>
    </message>
    <message>
        <source>Scan an inbound order first</source>
        <translation>请先扫描入库单</translation>
    </message>
    <message>
        <source>{order} closed</source>
        <translation>{order} 已关闭</translation>
    </message>
</context>
<context>
    <name>ReconciliationPage</name>
    <message>
        <source>Reconcile now</source>
        <translation>立即对账</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>物料</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>ERP book</source>
        <translation>ERP 账面</translation>
    </message>
    <message>
        <source>Warehouse</source>
        <translation>仓库</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>差异</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>单据</translation>
    </message>
    <message>
        <source>Moves in the warehouse</source>
        <translation>仓库中的移动</translation>
    </message>
    <message>
        <source>Moves in the ERP</source>
        <translation>ERP 中的移动</translation>
    </message>
    <message>
        <source>Explain…</source>
        <translation>说明…</translation>
    </message>
    <message>
        <source>Adjust the warehouse…</source>
        <translation>调整仓库…</translation>
    </message>
    <message>
        <source>Push to the ERP</source>
        <translation>推送到 ERP</translation>
    </message>
    <message>
        <source>Run {id} · {at} · {state} · accuracy {accuracy} % · {open} open</source>
        <translation>第 {id} 次 · {at} · {state} · 准确率 {accuracy}% · {open} 项未解决</translation>
    </message>
    <message>
        <source>No reconciliation yet.</source>
        <translation>尚未对账。</translation>
    </message>
    <message>
        <source>{matched} of {compared} item/lot lines agree ({accuracy} %).</source>
        <translation>{compared} 个物料/批次行中 {matched} 个一致（{accuracy}%）。</translation>
    </message>
    <message>
        <source>Asking the ERP…</source>
        <translation>正在询问 ERP…</translation>
    </message>
    <message>
        <source>The ERP did not answer: {error}</source>
        <translation>ERP 未响应：{error}</translation>
    </message>
    <message>
        <source>The ERP connector cannot list its moves.</source>
        <translation>该 ERP 连接器无法列出其移动。</translation>
    </message>
    <message>
        <source>{n} move(s) in the ERP</source>
        <translation>ERP 中有 {n} 条移动</translation>
    </message>
    <message>
        <source>Asking the ERP for its book stock…</source>
        <translation>正在向 ERP 查询账面库存…</translation>
    </message>
    <message>
        <source>Explain</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Why do the ERP and the warehouse differ (no stock is moved)?</source>
        <translation>ERP 与仓库为何不一致（不移动库存）？</translation>
    </message>
    <message>
        <source>Adjust the warehouse</source>
        <translation>调整仓库</translation>
    </message>
    <message>
        <source>The ERP is right: bin to correct by {difference}:</source>
        <translation>以 ERP 为准：要按 {difference} 调整的库位：</translation>
    </message>
</context>
<context>
    <name>RetryRulesPage</name>
    <message>
        <source>What the sync does when the ERP refuses or cannot be reached. Attempts counts every try, the first one included: 1 sends the message straight to the error inbox. The wait grows by the backoff factor up to the longest wait; jitter spreads retries (0.2 = ±20 %).</source>
        <translation>ERP 拒绝或无法连接时同步的处理方式。尝试次数包括第一次：1 表示消息直接进入错误收件箱。等待时间按退避系数增长，直至最长等待；抖动使重试分散（0.2 = ±20%）。</translation>
    </message>
    <message>
        <source>Only an administrator can change them.</source>
        <translation>只有管理员可以修改。</translation>
    </message>
    <message>
        <source>Error class</source>
        <translation>错误类别</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>Wait (s)</source>
        <translation>等待（秒）</translation>
    </message>
    <message>
        <source>Backoff</source>
        <translation>退避系数</translation>
    </message>
    <message>
        <source>Longest wait (s)</source>
        <translation>最长等待（秒）</translation>
    </message>
    <message>
        <source>Jitter</source>
        <translation>抖动</translation>
    </message>
    <message>
        <source>Save rules</source>
        <translation>保存规则</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>重新加载</translation>
    </message>
    <message>
        <source>Not a number: {cell}</source>
        <translation>不是数字：{cell}</translation>
    </message>
</context>
<context>
    <name>ReturnScreen</name>
    <message>
        <source>damaged in transit</source>
        <translation>运输中损坏</translation>
    </message>
    <message>
        <source>wrong item</source>
        <translation>物料错误</translation>
    </message>
    <message>
        <source>not wanted</source>
        <translation>不再需要</translation>
    </message>
    <message>
        <source>defective</source>
        <translation>质量缺陷</translation>
    </message>
    <message>
        <source>Scan the outbound order the goods were shipped on, or the returned item</source>
        <translation>扫描原发货的出库单，或扫描退回的物料</translation>
    </message>
    <message>
        <source>Customer returns</source>
        <translation>客户退货</translation>
    </message>
    <message>
        <source>Outbound order</source>
        <translation>出库单</translation>
    </message>
    <message>
        <source>Bin</source>
        <translation>库位</translation>
    </message>
    <message>
        <source>Warehouse</source>
        <translation>仓库</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>物料</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>default: the first receiving bin</source>
        <translation>默认：第一个收货库位</translation>
    </message>
    <message>
        <source>needed without an order and a bin</source>
        <translation>无单据和库位时必填</translation>
    </message>
    <message>
        <source>Return from {customer} on {order}</source>
        <translation>{customer} 的退货，原单 {order}</translation>
    </message>
    <message>
        <source>Into {bin}</source>
        <translation>放入 {bin}</translation>
    </message>
    <message>
        <source>{item}: check the quantity and reason</source>
        <translation>{item}：请核对数量和原因</translation>
    </message>
    <message>
        <source>Press Enter to receive the return of {item}</source>
        <translation>按回车接收 {item} 的退货</translation>
    </message>
    <message>
        <source>{code} is not an order, a bin or an item</source>
        <translation>{code} 不是单据、库位或物料</translation>
    </message>
    <message>
        <source>Scan the returned item</source>
        <translation>扫描退回的物料</translation>
    </message>
    <message>
        <source>Return {task} in quarantine; inspection {inspection}</source>
        <translation>退货 {task} 已入待检区；质检任务 {inspection}</translation>
    </message>
    <message>
        <source>Scan the next returned item</source>
        <translation>扫描下一个退回的物料</translation>
    </message>
</context>
<context>
    <name>ScanDescription</name>
    <message>
        <source>GTIN</source>
        <translation>GTIN</translation>
    </message>
    <message>
        <source>Contained GTIN</source>
        <translation>内含商品 GTIN</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Serial number</source>
        <translation>序列号</translation>
    </message>
    <message>
        <source>SSCC</source>
        <translation>SSCC</translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation>有效期</translation>
    </message>
    <message>
        <source>Best before</source>
        <translation>最佳食用期</translation>
    </message>
    <message>
        <source>Production date</source>
        <translation>生产日期</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>数量</translation>
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
        <source>Package</source>
        <translation>包装件</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>单据</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Read as</source>
        <translation>识别为</translation>
    </message>
    <message>
        <source>Symbology</source>
        <translation>码制</translation>
    </message>
    <message>
        <source>Item {code} — {name}</source>
        <translation>物料 {code} — {name}</translation>
    </message>
    <message>
        <source>Document {ref}</source>
        <translation>单据 {ref}</translation>
    </message>
    <message>
        <source>(blocked: {reason})</source>
        <translation>（冻结：{reason}）</translation>
    </message>
    <message>
        <source>Unknown code: {data}</source>
        <translation>未知条码：{data}</translation>
    </message>
    <message>
        <source>Ambiguous: {n} things have this code</source>
        <translation>不唯一：有 {n} 个对象使用此条码</translation>
    </message>
    <message>
        <source>Not a valid barcode</source>
        <translation>无效条码</translation>
    </message>
    <message>
        <source>Incomplete scan</source>
        <translation>扫描不完整</translation>
    </message>
    <message>
        <source>GS1 element strings</source>
        <translation>GS1 元素串</translation>
    </message>
    <message>
        <source>GS1 Digital Link</source>
        <translation>GS1 数字链接</translation>
    </message>
    <message>
        <source>GTIN (EAN/UPC)</source>
        <translation>GTIN（EAN/UPC）</translation>
    </message>
    <message>
        <source>Plain code</source>
        <translation>普通条码</translation>
    </message>
</context>
<context>
    <name>ScanHub</name>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>连接中</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>已断开</translation>
    </message>
    <message>
        <source>reconnecting</source>
        <translation>重新连接中</translation>
    </message>
    <message>
        <source>keyboard</source>
        <translation>键盘</translation>
    </message>
    <message>
        <source>Scanner: none</source>
        <translation>扫描枪：无</translation>
    </message>
    <message>
        <source>Scanner: {states}</source>
        <translation>扫描枪：{states}</translation>
    </message>
</context>
<context>
    <name>ScanLog</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Symbology</source>
        <translation>码制</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Meaning</source>
        <translation>含义</translation>
    </message>
</context>
<context>
    <name>ScanScreen</name>
    <message>
        <source>The scan was cut off; scan again</source>
        <translation>扫描不完整，请重新扫描</translation>
    </message>
    <message>
        <source>Unexpected error; see the details</source>
        <translation>意外错误，请查看详情</translation>
    </message>
    <message>
        <source>Task {task}</source>
        <translation>任务 {task}</translation>
    </message>
    <message>
        <source>Code:</source>
        <translation>条码：</translation>
    </message>
    <message>
        <source>scan, or type a code and press Enter</source>
        <translation>扫描，或输入条码后按回车</translation>
    </message>
</context>
<context>
    <name>ScannerForm</name>
    <message>
        <source>Serial or network (COM, USB-serial, socket://)</source>
        <translation>串口或网络（COM、USB 转串口、socket://）</translation>
    </message>
    <message>
        <source>Keyboard wedge (USB, types like a keyboard)</source>
        <translation>键盘模式（USB，像键盘一样输入）</translation>
    </message>
    <message>
        <source>Any line end (CR, LF or CR LF)</source>
        <translation>任意换行符（CR、LF 或 CR LF）</translation>
    </message>
    <message>
        <source>CR</source>
        <translation>CR</translation>
    </message>
    <message>
        <source>LF</source>
        <translation>LF</translation>
    </message>
    <message>
        <source>CR LF</source>
        <translation>CR LF</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>Tab</translation>
    </message>
    <message>
        <source>None: a pause ends the scan</source>
        <translation>无：停顿即结束扫描</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Even</source>
        <translation>偶校验</translation>
    </message>
    <message>
        <source>Odd</source>
        <translation>奇校验</translation>
    </message>
    <message>
        <source>Mark</source>
        <translation>标记</translation>
    </message>
    <message>
        <source>Space</source>
        <translation>空格</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Serial or network scanner</source>
        <translation>串口或网络扫描枪</translation>
    </message>
    <message>
        <source>Keyboard-wedge scanner</source>
        <translation>键盘模式扫描枪</translation>
    </message>
    <message>
        <source>/dev/ttyUSB0, COM3 or socket://host:port</source>
        <translation>/dev/ttyUSB0、COM3 或 socket://主机:端口</translation>
    </message>
    <message>
        <source>e.g. \x02 (empty: none)</source>
        <translation>例如 \x02（留空：无）</translation>
    </message>
    <message>
        <source>e.g. ~ (empty: none)</source>
        <translation>例如 ~（留空：无）</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <source>Port or URL:</source>
        <translation>端口或地址：</translation>
    </message>
    <message>
        <source>Baud rate:</source>
        <translation>波特率：</translation>
    </message>
    <message>
        <source>Data bits:</source>
        <translation>数据位：</translation>
    </message>
    <message>
        <source>Parity:</source>
        <translation>校验：</translation>
    </message>
    <message>
        <source>Stop bits:</source>
        <translation>停止位：</translation>
    </message>
    <message>
        <source>Scan ends with:</source>
        <translation>扫描结束符：</translation>
    </message>
    <message>
        <source>Pause that ends a scan:</source>
        <translation>结束扫描的停顿：</translation>
    </message>
    <message>
        <source>Prefix:</source>
        <translation>前缀：</translation>
    </message>
    <message>
        <source>Encoding:</source>
        <translation>编码：</translation>
    </message>
    <message>
        <source>Most time between keys:</source>
        <translation>按键最大间隔：</translation>
    </message>
    <message>
        <source>Fewest characters in a scan:</source>
        <translation>扫描最少字符数：</translation>
    </message>
    <message>
        <source>Character typed for GS:</source>
        <translation>代替 GS 的字符：</translation>
    </message>
    <message>
        <source>Scanner</source>
        <translation>扫描枪</translation>
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
    <name>ShippingScreen</name>
    <message>
        <source>package</source>
        <translation>包裹</translation>
    </message>
    <message>
        <source>pallet</source>
        <translation>托盘</translation>
    </message>
    <message>
        <source>Scan an outbound order to pack and ship</source>
        <translation>扫描出库单进行装箱和发运</translation>
    </message>
    <message>
        <source>Packing and shipping</source>
        <translation>装箱与发运</translation>
    </message>
    <message>
        <source>Pack into</source>
        <translation>装入</translation>
    </message>
    <message>
        <source>Weight (kg)</source>
        <translation>重量（千克）</translation>
    </message>
    <message>
        <source>Pack the scanned units, or all picked ones (Enter)</source>
        <translation>装入已扫描的货物，或全部已拣货物（回车）</translation>
    </message>
    <message>
        <source>Confirm shipment</source>
        <translation>确认发运</translation>
    </message>
    <message>
        <source>Unpack a package: scan its SSCC next (F8)</source>
        <translation>拆包：接着扫描包裹的 SSCC (F8)</translation>
    </message>
    <message>
        <source>{item} is not picked for {order}</source>
        <translation>{item} 未为 {order} 拣货</translation>
    </message>
    <message>
        <source>{qty} × {item} into the package</source>
        <translation>{qty} × {item} 装入包裹</translation>
    </message>
    <message>
        <source>In the package: {scanned}. Packed: {ssccs}</source>
        <translation>包裹中：{scanned}。已装箱：{ssccs}</translation>
    </message>
    <message>
        <source>Order {order} for {customer}</source>
        <translation>出库单 {order}，客户 {customer}</translation>
    </message>
    <message>
        <source>Press Enter to pack {order}</source>
        <translation>按回车为 {order} 装箱</translation>
    </message>
    <message>
        <source>Package {sscc} belongs to {other}, not {order}</source>
        <translation>包裹 {sscc} 属于 {other}，不是 {order}</translation>
    </message>
    <message>
        <source>{code} is not an outbound order or a package</source>
        <translation>{code} 不是出库单或包裹</translation>
    </message>
    <message>
        <source>Scan an outbound order first</source>
        <translation>请先扫描出库单</translation>
    </message>
    <message>
        <source>Packed into {sscc}</source>
        <translation>已装入 {sscc}</translation>
    </message>
    <message>
        <source>Scan SSCC {sscc} to ship {order}, or pack more</source>
        <translation>扫描 SSCC {sscc} 发运 {order}，或继续装箱</translation>
    </message>
    <message>
        <source>{order} shipped</source>
        <translation>{order} 已发运</translation>
    </message>
    <message>
        <source>Scan the next outbound order</source>
        <translation>扫描下一个出库单</translation>
    </message>
    <message>
        <source>Scan the SSCC of the package to unpack</source>
        <translation>扫描要拆开的包裹的 SSCC</translation>
    </message>
    <message>
        <source>Package {sscc} unpacked; its contents are back to picked</source>
        <translation>包裹 {sscc} 已拆开；其内容恢复为已拣货</translation>
    </message>
</context>
<context>
    <name>StationDialog</name>
    <message>
        <source>Print station</source>
        <translation>打印工位</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>工位</translation>
    </message>
    <message>
        <source>Bin label</source>
        <translation>库位标签</translation>
    </message>
    <message>
        <source>Item label</source>
        <translation>物料标签</translation>
    </message>
    <message>
        <source>Lot label</source>
        <translation>批次标签</translation>
    </message>
    <message>
        <source>Pallet label</source>
        <translation>托盘标签</translation>
    </message>
</context>
<context>
    <name>StockBrowser</name>
    <message>
        <source>Item</source>
        <translation>物料</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
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
        <source>Bin</source>
        <translation>库位</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation>有效期</translation>
    </message>
    <message>
        <source>Serial</source>
        <translation>序列号</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation>在库</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>预留</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>可用</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Item code or name</source>
        <translation>物料编码或名称</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Expires before</source>
        <translation>有效期早于</translation>
    </message>
    <message>
        <source>Only available</source>
        <translation>仅可用</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Export the rows shown to Excel or CSV</source>
        <translation>将当前显示的行导出为 Excel 或 CSV</translation>
    </message>
    <message>
        <source>Export stock</source>
        <translation>导出库存</translation>
    </message>
    <message>
        <source>Exporting stock…</source>
        <translation>正在导出库存…</translation>
    </message>
    <message>
        <source>Exported to {file} (rows: {n}).</source>
        <translation>已导出到 {file}（行数：{n}）。</translation>
    </message>
</context>
<context>
    <name>StockDetail</name>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>单据</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>物料</translation>
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
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>To</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation>有效期</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation>在库</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>预留</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Warehouse</source>
        <translation>仓库</translation>
    </message>
    <message>
        <source>Bin</source>
        <translation>库位</translation>
    </message>
</context>
<context>
    <name>StockDetailDialog</name>
    <message>
        <source>Stock detail — {item} in {bin}</source>
        <translation>库存详情 — {item} 于 {bin}</translation>
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
</context>
<context>
    <name>SyncDashboardPage</name>
    <message>
        <source>Oldest waiting</source>
        <translation>最久等待</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <source>Failed in the last hour</source>
        <translation>最近一小时失败</translation>
    </message>
    <message>
        <source>Last success</source>
        <translation>上次成功</translation>
    </message>
    <message>
        <source>Connector</source>
        <translation>连接器</translation>
    </message>
    <message>
        <source>Next scheduled</source>
        <translation>下次计划</translation>
    </message>
    <message>
        <source>Message type</source>
        <translation>消息类型</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>nothing waiting</source>
        <translation>无等待</translation>
    </message>
    <message>
        <source>{hour} in the last hour, {five} in the last 5 minutes</source>
        <translation>最近一小时 {hour} 条，最近 5 分钟 {five} 条</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>not configured</source>
        <translation>未配置</translation>
    </message>
    <message>
        <source>everything in real time, no nightly jobs</source>
        <translation>全部实时，无夜间任务</translation>
    </message>
</context>
<context>
    <name>SyncInboxPage</name>
    <message>
        <source>Count</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Error class</source>
        <translation>错误类别</translation>
    </message>
    <message>
        <source>Message type</source>
        <translation>消息类型</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Assigned to</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Message type, e.g. stock.receipt</source>
        <translation>消息类型，例如 stock.receipt</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>单据</translation>
    </message>
    <message>
        <source>Assigned to (- for nobody)</source>
        <translation>负责人（- 表示未分配）</translation>
    </message>
    <message>
        <source>Older than (h)</source>
        <translation>早于（小时）</translation>
    </message>
    <message>
        <source>Comment…</source>
        <translation>备注…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>立即重试</translation>
    </message>
    <message>
        <source>Cancel…</source>
        <translation>取消…</translation>
    </message>
    <message>
        <source>Assign…</source>
        <translation>分配…</translation>
    </message>
    <message>
        <source>Edit and resubmit…</source>
        <translation>编辑并重新提交…</translation>
    </message>
    <message numerus="yes">
        <source>Sync exceptions for IT: %n open</source>
        <translation>
            <numerusform>IT 同步异常：%n 个未关闭</numerusform>
        </translation>
    </message>
    <message>
        <source>Pending {pending} · sending {sending} · delivered {delivered} · failed {failed} · cancelled {cancelled} · oldest waiting {lag} s</source>
        <translation>待发送 {pending} · 发送中 {sending} · 已送达 {delivered} · 失败 {failed} · 已取消 {cancelled} · 最久等待 {lag} 秒</translation>
    </message>
    <message>
        <source>Message {id}: {type} of {document}</source>
        <translation>消息 {id}：{document} 的 {type}</translation>
    </message>
    <message>
        <source>State {state}, {n} attempt(s), key {key}</source>
        <translation>状态 {state}，已尝试 {n} 次，键 {key}</translation>
    </message>
    <message>
        <source>Payload</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试记录</translation>
    </message>
    <message>
        <source>Stock moves of the document</source>
        <translation>该单据的库存移动</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Cancel messages</source>
        <translation>取消消息</translation>
    </message>
    <message>
        <source>The warehouse keeps its stock change but the ERP will never get these {n} message(s): they will disagree until someone books it there by hand.
Reason:</source>
        <translation>仓库保留其库存变动，但 ERP 将永远收不到这 {n} 条消息：在有人于 ERP 中手工记账之前，双方数据将不一致。
原因：</translation>
    </message>
    <message>
        <source>Assign</source>
        <translation>分配</translation>
    </message>
    <message>
        <source>User name (empty: nobody):</source>
        <translation>用户名（留空：不分配）：</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Comment on message {id}:</source>
        <translation>对消息 {id} 的备注：</translation>
    </message>
    <message>
        <source>Edit and resubmit</source>
        <translation>编辑并重新提交</translation>
    </message>
    <message>
        <source>Payload of message {id} (JSON):</source>
        <translation>消息 {id} 的内容（JSON）：</translation>
    </message>
    <message>
        <source>Send the edited message to the ERP? The change is kept in the audit log.</source>
        <translation>将编辑后的消息发送到 ERP？此修改会记录在审计日志中。</translation>
    </message>
</context>
<context>
    <name>SyncScreen</name>
    <message>
        <source>Count</source>
        <translation type="vanished">数量</translation>
    </message>
    <message>
        <source>Error class</source>
        <translation type="vanished">错误类别</translation>
    </message>
    <message>
        <source>Message type</source>
        <translation type="vanished">消息类型</translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="vanished">错误</translation>
    </message>
    <message>
        <source>Assigned to</source>
        <translation type="vanished">负责人</translation>
    </message>
    <message>
        <source>Filter by message type, e.g. stock.receipt</source>
        <translation type="vanished">按消息类型筛选，例如 stock.receipt</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="vanished">刷新</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation type="vanished">立即重试</translation>
    </message>
    <message>
        <source>Cancel…</source>
        <translation type="vanished">取消…</translation>
    </message>
    <message>
        <source>Assign…</source>
        <translation type="vanished">分配…</translation>
    </message>
    <message>
        <source>Edit and resubmit…</source>
        <translation type="vanished">编辑并重新提交…</translation>
    </message>
    <message>
        <source>Pending {pending} · sending {sending} · delivered {delivered} · failed {failed} · cancelled {cancelled} · oldest waiting {lag} s</source>
        <translation type="vanished">待发送 {pending} · 发送中 {sending} · 已送达 {delivered} · 失败 {failed} · 已取消 {cancelled} · 最久等待 {lag} 秒</translation>
    </message>
    <message>
        <source>Cancel messages</source>
        <translation type="vanished">取消消息</translation>
    </message>
    <message>
        <source>The warehouse keeps its stock change but the ERP will never get these {n} message(s): they will disagree until someone books it there by hand.
Reason:</source>
        <translation type="vanished">仓库保留其库存变动，但 ERP 将永远收不到这 {n} 条消息：在有人于 ERP 中手工记账之前，双方数据将不一致。
原因：</translation>
    </message>
    <message>
        <source>Assign</source>
        <translation type="vanished">分配</translation>
    </message>
    <message>
        <source>User name (empty: nobody):</source>
        <translation type="vanished">用户名（留空：不分配）：</translation>
    </message>
    <message>
        <source>Edit and resubmit</source>
        <translation type="vanished">编辑并重新提交</translation>
    </message>
    <message>
        <source>Payload of message {id} (JSON):</source>
        <translation type="vanished">消息 {id} 的内容（JSON）：</translation>
    </message>
    <message>
        <source>Send the edited message to the ERP? The change is kept in the audit log.</source>
        <translation type="vanished">将编辑后的消息发送到 ERP？此修改会记录在审计日志中。</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>仪表板</translation>
    </message>
    <message>
        <source>Reconciliation</source>
        <translation>对账</translation>
    </message>
    <message>
        <source>Retry rules</source>
        <translation>重试规则</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
</context>
<context>
    <name>SyncStatusWatcher</name>
    <message numerus="yes">
        <source>Sync: %n problem(s)</source>
        <translation>
            <numerusform>同步：%n 个问题</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sync: off on this PC · %n waiting</source>
        <translation>
            <numerusform>同步：本机未启用 · %n 条待发送</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sync: %n waiting</source>
        <translation>
            <numerusform>同步：%n 条待发送</numerusform>
        </translation>
    </message>
    <message>
        <source>Sync: up to date</source>
        <translation>同步：已是最新</translation>
    </message>
    <message>
        <source>ERP sync needs attention</source>
        <translation>ERP 同步需要处理</translation>
    </message>
    <message numerus="yes">
        <source>%n new problem(s) in the sync error inbox.</source>
        <translation>
            <numerusform>同步错误收件箱中有 %n 个新问题。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TaskListScreen</name>
    <message>
        <source>all types</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <source>receive</source>
        <translation>收货</translation>
    </message>
    <message>
        <source>inspect</source>
        <translation>质检</translation>
    </message>
    <message>
        <source>putaway</source>
        <translation>上架</translation>
    </message>
    <message>
        <source>pick</source>
        <translation>拣货</translation>
    </message>
    <message>
        <source>pack</source>
        <translation>装箱</translation>
    </message>
    <message>
        <source>count</source>
        <translation>盘点</translation>
    </message>
    <message>
        <source>move</source>
        <translation>移库</translation>
    </message>
    <message>
        <source>return</source>
        <translation>退货</translation>
    </message>
    <message>
        <source>open or in progress</source>
        <translation>未开始或进行中</translation>
    </message>
    <message>
        <source>any state</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>open</source>
        <translation>未开始</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>执行人</translation>
    </message>
    <message>
        <source>Inbound order</source>
        <translation>入库单</translation>
    </message>
    <message>
        <source>Outbound order</source>
        <translation>出库单</translation>
    </message>
    <message>
        <source>Lines done</source>
        <translation>已完成行</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>行数</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>完成时间</translation>
    </message>
    <message>
        <source>{first}-{last} of {count} task(s)</source>
        <translation>第 {first}-{last} 条，共 {count} 个任务</translation>
    </message>
    <message>
        <source>{count} task(s)</source>
        <translation>{count} 个任务</translation>
    </message>
    <message>
        <source>Assignee:</source>
        <translation>执行人：</translation>
    </message>
    <message>
        <source>anyone</source>
        <translation>任何人</translation>
    </message>
    <message>
        <source>Mine</source>
        <translation>我的</translation>
    </message>
    <message>
        <source>Created between</source>
        <translation>创建日期</translation>
    </message>
    <message>
        <source>Take (assign to me)</source>
        <translation>领取（分配给我）</translation>
    </message>
    <message>
        <source>Unassign</source>
        <translation>取消分配</translation>
    </message>
    <message>
        <source>&lt; Newer</source>
        <translation>&lt; 较新</translation>
    </message>
    <message>
        <source>Older &gt;</source>
        <translation>较旧 &gt;</translation>
    </message>
    <message>
        <source>Cancel task</source>
        <translation>取消任务</translation>
    </message>
    <message>
        <source>Cancel its order</source>
        <translation>取消其订单</translation>
    </message>
    <message>
        <source>why it is cancelled</source>
        <translation>取消原因</translation>
    </message>
    <message>
        <source>Cancel the whole order of the selected task: reservations released, open tasks cancelled, picked units put back; refused once something has shipped or been received</source>
        <translation>取消所选任务的整个订单：释放预留、取消未完成任务、已拣货物放回原库位；已有发运或收货时拒绝</translation>
    </message>
</context>
<context>
    <name>TaskScreens</name>
    <message>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>物料</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Bin</source>
        <translation>库位</translation>
    </message>
    <message>
        <source>Book</source>
        <translation>账面</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>实盘</translation>
    </message>
    <message>
        <source>Variance</source>
        <translation>差异</translation>
    </message>
    <message>
        <source>Counted by</source>
        <translation>盘点人</translation>
    </message>
    <message>
        <source>Round</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>From</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>To</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Receive</source>
        <translation>收货</translation>
    </message>
    <message>
        <source>Put away</source>
        <translation>上架</translation>
    </message>
    <message>
        <source>Pick</source>
        <translation>拣货</translation>
    </message>
    <message>
        <source>Pack and ship</source>
        <translation>装箱发运</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>盘点</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>移库</translation>
    </message>
    <message>
        <source>Returns</source>
        <translation>退货</translation>
    </message>
    <message>
        <source>Inspect</source>
        <translation>质检</translation>
    </message>
    <message>
        <source>Lot status</source>
        <translation>批次状态</translation>
    </message>
    <message>
        <source>New order</source>
        <translation>新建单据</translation>
    </message>
    <message>
        <source>Approve counts</source>
        <translation>盘点审批</translation>
    </message>
    <message>
        <source>Task list</source>
        <translation>任务列表</translation>
    </message>
    <message>
        <source>Serial</source>
        <translation>序列号</translation>
    </message>
    <message>
        <source>Picked</source>
        <translation>已拣</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>单据</translation>
    </message>
    <message>
        <source>To (suggested)</source>
        <translation>目标（建议）</translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation>有效期</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>已收</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>库存状态</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>退货单</translation>
    </message>
    <message>
        <source>Inspection</source>
        <translation>质检任务</translation>
    </message>
    <message>
        <source>Ordered</source>
        <translation>订购</translation>
    </message>
    <message>
        <source>Shipped</source>
        <translation>已发运</translation>
    </message>
</context>
<context>
    <name>TemplateBar</name>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>New…</source>
        <translation>新建…</translation>
    </message>
    <message>
        <source>Duplicate…</source>
        <translation>复制为新模板…</translation>
    </message>
    <message>
        <source>Save draft</source>
        <translation>保存草稿</translation>
    </message>
    <message>
        <source>Publish</source>
        <translation>发布</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Open an earlier version; saving it makes it the draft again</source>
        <translation>打开较早的版本；保存后它将重新成为草稿</translation>
    </message>
    <message>
        <source>v%1 · %2 · %3 %4</source>
        <translation>v%1 · %2 · %3 %4</translation>
    </message>
    <message>
        <source>unsaved changes</source>
        <translation>有未保存的更改</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>The template on the canvas has changes that are not saved. Drop them?</source>
        <translation>画布上的模板有未保存的更改。要放弃这些更改吗？</translation>
    </message>
    <message>
        <source>New template</source>
        <translation>新建模板</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Duplicate template</source>
        <translation>复制模板</translation>
    </message>
    <message>
        <source>Name of the copy:</source>
        <translation>副本名称：</translation>
    </message>
    <message>
        <source>Import template</source>
        <translation>导入模板</translation>
    </message>
    <message>
        <source>Templates (*.json)</source>
        <translation>模板 (*.json)</translation>
    </message>
    <message>
        <source>Export template</source>
        <translation>导出模板</translation>
    </message>
</context>
<context>
    <name>TracePage</name>
    <message>
        <source>Lot / serial</source>
        <translation>批次 / 序列号</translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation>有效期</translation>
    </message>
    <message>
        <source>Lot status</source>
        <translation>批次状态</translation>
    </message>
    <message>
        <source>Where it is now</source>
        <translation>当前位置</translation>
    </message>
    <message>
        <source>Origin receipts</source>
        <translation>来源收货</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>流转路径</translation>
    </message>
    <message>
        <source>Where it left</source>
        <translation>出库去向</translation>
    </message>
</context>
<context>
    <name>UsersScreen</name>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Last sign-in</source>
        <translation>上次登录</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>User {name}</source>
        <translation>用户 {name}</translation>
    </message>
    <message>
        <source>New user</source>
        <translation>新建用户</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>确认密码</translation>
    </message>
    <message>
        <source>Unchanged</source>
        <translation>不修改</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>用户</translation>
    </message>
</context>
<context>
    <name>WarningsPane</name>
    <message>
        <source>At the template&apos;s resolution</source>
        <translation>按模板的分辨率</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>Print the canvas as it is (with the preview record) on the chosen printer, after the warnings</source>
        <translation>在所选打印机上按画布当前内容（使用预览记录）打印，先显示警告</translation>
    </message>
    <message>
        <source>For %1 (%2 dpi)</source>
        <translation>用于 %1（%2 dpi）</translation>
    </message>
    <message>
        <source>print job %1 queued on %2</source>
        <translation>打印作业 %1 已排入 %2</translation>
    </message>
    <message>
        <source>Publish with warnings?</source>
        <translation>存在警告，仍要发布吗？</translation>
    </message>
    <message>
        <source>Check these before printing:</source>
        <translation>打印前请检查以下问题：</translation>
    </message>
</context>
<context>
    <name>WhatIsThisDock</name>
    <message>
        <source>What is this?</source>
        <translation>这是什么？</translation>
    </message>
</context>
<context>
    <name>WhatIsThisPanel</name>
    <message>
        <source>Scan or type a code</source>
        <translation>扫描或输入条码</translation>
    </message>
    <message>
        <source>Look up</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Warehouse</source>
        <translation>仓库</translation>
    </message>
    <message>
        <source>Bin</source>
        <translation>库位</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>物料</translation>
    </message>
    <message>
        <source>Lot</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation>有效期</translation>
    </message>
    <message>
        <source>Serial</source>
        <translation>序列号</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation>在库</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>可用</translation>
    </message>
    <message>
        <source>Incomplete scan</source>
        <translation>扫描不完整</translation>
    </message>
    <message>
        <source>The scanner went away while sending; scan again.</source>
        <translation>扫描枪在发送时断开，请重新扫描。</translation>
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
