// SPDX-License-Identifier: GPL-2.0
/*
 * NVM subsystems (NVMe Base 1.5: an NVM subsystem is identified by its
 * NQN). Controllers that report the same SUBNQN join one subsystem object,
 * shown as nvme-subsysN with a link to each member controller, the way
 * libnvme expects to find them.
 */
#include <linux/slab.h>

#include "cnvme.h"

static DEFINE_MUTEX(cnv_subsys_lock);
static LIST_HEAD(cnv_subsystems);	/* protected by cnv_subsys_lock */

static void cnv_subsys_release(struct device *dev)
{
	struct cnv_subsys *subsys = container_of(dev, struct cnv_subsys, dev);

	cnv_ctrl_instance_free(subsys->instance);
	kfree(subsys);
}

/*
 * The SUBNQN the controller reports, or for controllers before NVMe 1.2.1
 * that report none, one made of the PCI vendor IDs, serial and model, in
 * the form the in-tree driver uses, so both name a subsystem alike.
 */
static void cnv_subsys_nqn(char *nqn, const struct cnv_id_ctrl *id)
{
	size_t len = strnlen(id->subnqn, sizeof(id->subnqn));
	int off;

	if (len > 0 && len < CNV_NQN_SIZE) {
		memcpy(nqn, id->subnqn, len);
		nqn[len] = '\0';
		return;
	}
	off = snprintf(nqn, CNV_NQN_SIZE, "nqn.2014.08.org.nvmexpress:%04x%04x",
		       le16_to_cpu(id->vid), le16_to_cpu(id->ssvid));
	memcpy(nqn + off, id->sn, sizeof(id->sn));
	off += sizeof(id->sn);
	memcpy(nqn + off, id->mn, sizeof(id->mn));
	off += sizeof(id->mn);
	memset(nqn + off, 0, CNV_NQN_SIZE - off);
}

static struct cnv_subsys *cnv_subsys_find(const char *nqn)
{
	struct cnv_subsys *subsys;

	lockdep_assert_held(&cnv_subsys_lock);
	list_for_each_entry(subsys, &cnv_subsystems, entry)
		if (!strcmp(subsys->subnqn, nqn) && get_device(&subsys->dev))
			return subsys;
	return NULL;
}

static struct cnv_subsys *cnv_subsys_create(struct cnv_ctrl *ctrl,
					    const struct cnv_id_ctrl *id,
					    const char *nqn)
{
	struct cnv_subsys *subsys;
	int ret;

	subsys = kzalloc(sizeof(*subsys), GFP_KERNEL);
	if (!subsys)
		return ERR_PTR(-ENOMEM);
	INIT_LIST_HEAD(&subsys->ctrls);
	/* The creating controller's number names the subsystem, as in-tree. */
	subsys->instance = ctrl->instance;
	subsys->vid = le16_to_cpu(id->vid);
	strscpy(subsys->subnqn, nqn, sizeof(subsys->subnqn));
	memcpy(subsys->model, id->mn, sizeof(subsys->model));
	memcpy(subsys->serial, id->sn, sizeof(subsys->serial));
	memcpy(subsys->firmware_rev, id->fr, sizeof(subsys->firmware_rev));

	device_initialize(&subsys->dev);
	subsys->dev.class = cnv_subsys_class;
	subsys->dev.release = cnv_subsys_release;
	subsys->dev.groups = cnv_subsys_attr_groups;
	ret = dev_set_name(&subsys->dev, "%s-subsys%d", cnv_names.prefix, subsys->instance);
	if (!ret)
		ret = device_add(&subsys->dev);
	if (ret) {
		put_device(&subsys->dev);
		return ERR_PTR(ret);
	}
	list_add_tail(&subsys->entry, &cnv_subsystems);
	return subsys;
}

/**
 * cnv_subsys_join() - put @ctrl in its subsystem, creating it if new
 * @ctrl: controller whose char device is registered
 * @id: its Identify Controller data
 *
 * A controller re-identified after a reset stays where it is.
 *
 * Return: 0 or a negative errno.
 */
int cnv_subsys_join(struct cnv_ctrl *ctrl, const struct cnv_id_ctrl *id)
{
	struct cnv_subsys *subsys;
	char *nqn;
	int ret = 0;

	if (ctrl->subsys)
		return 0;
	nqn = kzalloc(CNV_NQN_SIZE, GFP_KERNEL);
	if (!nqn)
		return -ENOMEM;
	cnv_subsys_nqn(nqn, id);

	mutex_lock(&cnv_subsys_lock);
	subsys = cnv_subsys_find(nqn);
	if (!subsys)
		subsys = cnv_subsys_create(ctrl, id, nqn);
	if (IS_ERR(subsys)) {
		ret = PTR_ERR(subsys);
		goto unlock;
	}
	ret = sysfs_create_link(&subsys->dev.kobj, &ctrl->device.kobj,
				dev_name(&ctrl->device));
	if (ret) {
		put_device(&subsys->dev);
		goto unlock;
	}
	list_add_tail(&ctrl->subsys_entry, &subsys->ctrls);
	ctrl->subsys = subsys;
unlock:
	mutex_unlock(&cnv_subsys_lock);
	kfree(nqn);
	return ret;
}

/**
 * cnv_subsys_leave() - take @ctrl out of its subsystem
 * @ctrl: controller being removed
 *
 * The last member's departure deletes the subsystem's device; the object
 * itself lives until its last reference goes.
 */
void cnv_subsys_leave(struct cnv_ctrl *ctrl)
{
	struct cnv_subsys *subsys = ctrl->subsys;

	if (!subsys)
		return;
	mutex_lock(&cnv_subsys_lock);
	sysfs_remove_link(&subsys->dev.kobj, dev_name(&ctrl->device));
	list_del(&ctrl->subsys_entry);
	if (list_empty(&subsys->ctrls)) {
		list_del(&subsys->entry);
		device_del(&subsys->dev);
	}
	mutex_unlock(&cnv_subsys_lock);
}

/**
 * cnv_subsys_owns_instance() - whether @ctrl's number now names its subsystem
 * @ctrl: controller being freed
 *
 * Such a number stays allocated until the subsystem is freed, so no new
 * controller can take it and collide with the subsystem's name.
 */
bool cnv_subsys_owns_instance(struct cnv_ctrl *ctrl)
{
	return ctrl->subsys && ctrl->subsys->instance == ctrl->instance;
}
